#!/bin/sh
# Re-records the *.frames files (root; needs the built userland and `mvn test-compile`).
# Runs everything in a fresh network and mount namespace; nothing is installed on the host.
#   sh src/test/resources/ubus/record.sh OUTDIR
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=$(mkdir -p "$1" && cd "$1" && pwd)
top=$(cd "$here/../../../.." && pwd)
R=${OPENWRT_USERLAND:-/var/tmp/openwrt-userland}/root
work=$(mktemp -d /tmp/mwan3-record.XXXXXX)
mkdir -p "$work/u" "$work/uw" "$work/e" "$work/ew"
ns=m3record$$
ip netns add "$ns"
trap 'ip netns del "$ns"; rm -rf "$work"' EXIT
ip netns exec "$ns" unshare -m --fork sh -eu -c '
R=$1 work=$2 out=$3 here=$4 cp=$5
mount --make-rprivate /
mount -t overlay overlay -o "lowerdir=$R/usr:/usr,upperdir=$work/u,workdir=$work/uw" /usr
mount -t overlay overlay -o "lowerdir=/etc,upperdir=$work/e,workdir=$work/ew" /etc
mount -t tmpfs tmpfs /var/run
mkdir -p /etc/config /var/run/ubus /usr/libexec/rpcd
cp "$here/record-plugin.sh" /usr/libexec/rpcd/mwan3
ip link set lo up
ip link add wan1 type veth peer name isp1
ip link set isp1 up
printf "config interface wan\n\toption device wan1\n\toption proto static\n\toption ipaddr 192.0.2.2\n\toption netmask 255.255.255.0\n\toption gateway 192.0.2.1\n" > /etc/config/network
ubusd -s /var/run/ubus/real.sock & p1=$!
sleep 0.3
java -cp "$cp" net.mwan3.ubus.UbusTap /var/run/ubus/ubus.sock /var/run/ubus/real.sock "$work/frames" & p2=$!
sleep 1.5
netifd -S 2>/dev/null & p3=$!
sleep 1.5
rpcd & p4=$!
sleep 1
ubus -v list mwan3
ubus call mwan3 status "{\"section\":\"interfaces\",\"interface\":\"wan\"}"
ubus listen network.interface >/dev/null & l=$!
sleep 0.3
ubus subscribe network.interface >/dev/null & s=$!
sleep 0.5
ubus call network.interface.wan down
sleep 1
ubus call network.interface.wan up
sleep 1.5
kill $l $s
ubus call network.interface dump > "$out/netifd-dump.json"
ubus call mwan3 nosuch || true
sleep 0.3
kill $p4 $p3 $p2 $p1
n=1
for f in netifd rpcd cli-list cli-call-status cli-listen cli-subscribe cli-ifdown cli-ifup cli-dump cli-nosuch; do
  cp "$work/frames/conn-$n.frames" "$out/$f.frames"; n=$((n + 1))
done
' sh "$R" "$work" "$out" "$here" "$top/target/test-classes:$top/target/classes"
