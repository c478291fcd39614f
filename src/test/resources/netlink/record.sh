#!/bin/sh
# Records the kernel's netlink replies that NetlinkRecordingsTest decodes: each .hex file holds the
# datagrams one command read from its netlink socket (strace's hex dump of fd 3, one "--" line
# between datagrams), and .sent.hex what it sent. Run as root from this directory; it builds and
# removes its own namespace. Re-record only when the tests' expectations are updated with it.
set -eu
ns=mwan3-nlrec-$$
ip netns add "$ns"
trap 'ip netns del "$ns"' EXIT
x() { ip netns exec "$ns" "$@"; }
x ip link set lo up
x ip link add eth1 type veth peer name p1
x ip link set eth1 up
x ip link set p1 up
x ip addr add 198.51.100.2/26 dev eth1
x ip -6 addr add 2001:db8:1::2/64 dev eth1 nodad
x ip rule add pref 1001 iif eth1 lookup 1
x ip rule add pref 2001 fwmark 0x100/0x3f00 lookup 1
x ip rule add pref 3001 fwmark 0x100/0x3f00 unreachable
x ip rule add pref 1500 from 192.0.2.0/24 lookup 100
x ip route add default via 198.51.100.1 dev eth1 metric 10
x ip route add default via 198.51.100.1 dev eth1 proto static table 1
x ip route add unreachable 203.0.113.0/24 table 100
x ip -6 route add default via 2001:db8:1::1 dev eth1 metric 10
x conntrack -I -s 192.0.2.1 -d 192.0.2.2 -p udp --sport 1000 --dport 53 --timeout 600 --mark 0x100 >/dev/null 2>&1
x conntrack -I -s 192.0.2.1 -d 192.0.2.2 -p udp --sport 1001 --dport 53 --timeout 600 --mark 0x200 >/dev/null 2>&1

# strace prints " | 00000  34 00 ... |" lines per read; a new call starts at offset 00000.
record() { # name command...: what the command read
  name=$1; shift
  x strace -qq -e signal=none -e trace=recvmsg,recvfrom -e read=3 -o /tmp/"$ns".trace "$@" >/dev/null 2>&1 || true
  hexof /tmp/"$ns".trace > "$name.hex"
  rm -f /tmp/"$ns".trace
}
sent() { # name command...: what the command sent (only for commands that send one request)
  name=$1; shift
  x strace -qq -e signal=none -e trace=sendmsg,sendto -e write=3 -o /tmp/"$ns".trace "$@" >/dev/null 2>&1 || true
  hexof /tmp/"$ns".trace > "$name.sent.hex"
  rm -f /tmp/"$ns".trace
}
hexof() {
  awk '/^ [|] [0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]  / { if ($2 == "00000" && n++) print "--"; line = substr($0, 11, 49); gsub(/  /, " ", line); print line }' "$1"
}
record rules-v4 ip -4 rule show
record routes-v4 ip -4 route show table all
record routes-v6 ip -6 route show table all
record addresses ip addr show
record rule-exists ip rule add pref 2001 fwmark 0x100/0x3f00 lookup 1
record route-bad-gateway ip route replace default via 192.0.2.99 dev eth1 table 2
record conntrack-mark conntrack -L --mark 0x100/0x3f00
sent rules-v4 ip -4 rule show
sent rule-exists ip rule add pref 2001 fwmark 0x100/0x3f00 lookup 1
sent conntrack-mark conntrack -L --mark 0x100/0x3f00
