#!/bin/sh
case "$1" in
	list) echo '{ "status": { "section": "str", "interface": "str" } }' ;;
	call)
		read -r input
		echo '{ "interfaces": { "wan": { "age": 4, "online": 83, "offline": 0, "uptime": 300, "score": 10, "status": "online", "enabled": true, "running": false, "track_ip": [ { "ip": "192.0.2.1", "status": "up", "latency": 1, "packetloss": 0 } ] } }, "connected": { "ipv4": [ "192.0.2.0/24" ], "ipv6": [ ] }, "big": 8589934592, "neg": -5, "ratio": 0.5 }'
		;;
esac
