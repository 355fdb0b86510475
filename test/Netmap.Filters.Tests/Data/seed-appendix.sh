for iface in eth0; do
    tc qdisc add dev $iface handle ffff: ingress
    filter="tc filter add dev $iface parent ffff: protocol ip"

    # Drop everything by default
    $filter prio 1000 u32 \
        match u8 0 0 \
        police mtu 1 drop flowid :1

    # Accept ICMP echo
    $filter prio 10 u32 \
        match ip protocol 1 0xff \
        match ip icmp_type 0x08 0xff \
        police mtu 1 pass flowid :2
