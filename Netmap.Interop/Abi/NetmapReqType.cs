namespace Netmap.Interop;

/// <summary><c>nmreq_header.nr_reqtype</c>.</summary>
public enum NetmapReqType : ushort
{
    /// <summary><c>NETMAP_REQ_REGISTER</c>: bind rings; body <see cref="NmReqRegister"/>.</summary>
    [NativeName("NETMAP_REQ_REGISTER")] Register = 1,
    /// <summary><c>NETMAP_REQ_PORT_INFO_GET</c>: ring and slot counts without binding; body <see cref="NmReqPortInfoGet"/>.</summary>
    [NativeName("NETMAP_REQ_PORT_INFO_GET")] PortInfoGet = 2,
    /// <summary><c>NETMAP_REQ_VALE_ATTACH</c>.</summary>
    [NativeName("NETMAP_REQ_VALE_ATTACH")] ValeAttach = 3,
    /// <summary><c>NETMAP_REQ_VALE_DETACH</c>.</summary>
    [NativeName("NETMAP_REQ_VALE_DETACH")] ValeDetach = 4,
    /// <summary><c>NETMAP_REQ_VALE_LIST</c>.</summary>
    [NativeName("NETMAP_REQ_VALE_LIST")] ValeList = 5,
    /// <summary><c>NETMAP_REQ_PORT_HDR_SET</c>.</summary>
    [NativeName("NETMAP_REQ_PORT_HDR_SET")] PortHdrSet = 6,
    /// <summary><c>NETMAP_REQ_PORT_HDR_GET</c>.</summary>
    [NativeName("NETMAP_REQ_PORT_HDR_GET")] PortHdrGet = 7,
    /// <summary><c>NETMAP_REQ_VALE_NEWIF</c>.</summary>
    [NativeName("NETMAP_REQ_VALE_NEWIF")] ValeNewIf = 8,
    /// <summary><c>NETMAP_REQ_VALE_DELIF</c>.</summary>
    [NativeName("NETMAP_REQ_VALE_DELIF")] ValeDelIf = 9,
    /// <summary><c>NETMAP_REQ_VALE_POLLING_ENABLE</c>.</summary>
    [NativeName("NETMAP_REQ_VALE_POLLING_ENABLE")] ValePollingEnable = 10,
    /// <summary><c>NETMAP_REQ_VALE_POLLING_DISABLE</c>.</summary>
    [NativeName("NETMAP_REQ_VALE_POLLING_DISABLE")] ValePollingDisable = 11,
    /// <summary><c>NETMAP_REQ_POOLS_INFO_GET</c>.</summary>
    [NativeName("NETMAP_REQ_POOLS_INFO_GET")] PoolsInfoGet = 12,
    /// <summary><c>NETMAP_REQ_SYNC_KLOOP_START</c>.</summary>
    [NativeName("NETMAP_REQ_SYNC_KLOOP_START")] SyncKloopStart = 13,
    /// <summary><c>NETMAP_REQ_SYNC_KLOOP_STOP</c>.</summary>
    [NativeName("NETMAP_REQ_SYNC_KLOOP_STOP")] SyncKloopStop = 14,
    /// <summary><c>NETMAP_REQ_CSB_ENABLE</c>.</summary>
    [NativeName("NETMAP_REQ_CSB_ENABLE")] CsbEnable = 15,
}

/// <summary><c>nmreq_option.nro_reqtype</c>.</summary>
public enum NetmapReqOptionType : uint
{
    /// <summary><c>NETMAP_REQ_OPT_EXTMEM</c>: memory supplied by the application.</summary>
    [NativeName("NETMAP_REQ_OPT_EXTMEM")] ExtMem = 1,
    /// <summary><c>NETMAP_REQ_OPT_SYNC_KLOOP_EVENTFDS</c>.</summary>
    [NativeName("NETMAP_REQ_OPT_SYNC_KLOOP_EVENTFDS")] SyncKloopEventFds = 2,
    /// <summary><c>NETMAP_REQ_OPT_CSB</c>: command/status block mode.</summary>
    [NativeName("NETMAP_REQ_OPT_CSB")] Csb = 3,
    /// <summary><c>NETMAP_REQ_OPT_SYNC_KLOOP_MODE</c>.</summary>
    [NativeName("NETMAP_REQ_OPT_SYNC_KLOOP_MODE")] SyncKloopMode = 4,
    /// <summary><c>NETMAP_REQ_OPT_OFFSETS</c>: per-slot data offsets.</summary>
    [NativeName("NETMAP_REQ_OPT_OFFSETS")] Offsets = 5,
    /// <summary><c>NETMAP_REQ_OPT_MAX</c>: one past the last known option type.</summary>
    [NativeName("NETMAP_REQ_OPT_MAX")] Max = 6,
}
