using System;

namespace Netmap.Interop;

/// <summary><c>netmap_slot.flags</c>.</summary>
[Flags]
public enum NetmapSlotFlags : ushort
{
    /// <summary>No flag.</summary>
    None = 0,
    /// <summary><c>NS_BUF_CHANGED</c>: the slot carries a different <c>buf_idx</c> than the kernel last saw.</summary>
    [NativeName("NS_BUF_CHANGED")] BufChanged = 0x1,
    /// <summary><c>NS_REPORT</c>: ask for a completion interrupt (native drivers only).</summary>
    [NativeName("NS_REPORT")] Report = 0x2,
    /// <summary><c>NS_FORWARD</c>: in transparent mode, pass the released slot to the other side (NIC ↔ host).</summary>
    [NativeName("NS_FORWARD")] Forward = 0x4,
    /// <summary><c>NS_NO_LEARN</c>: VALE only.</summary>
    [NativeName("NS_NO_LEARN")] NoLearn = 0x8,
    /// <summary><c>NS_INDIRECT</c>: VALE only; <c>ptr</c> holds the data address.</summary>
    [NativeName("NS_INDIRECT")] Indirect = 0x10,
    /// <summary><c>NS_MOREFRAG</c>: more fragments of the same packet follow in the next slot.</summary>
    [NativeName("NS_MOREFRAG")] MoreFragments = 0x20,
    /// <summary><c>NS_TXMON</c>: set by zero-copy monitors on TX slots.</summary>
    [NativeName("NS_TXMON")] TxMonitor = 0x40,
    /// <summary><c>NS_PORT_MASK</c>: VALE destination port bits.</summary>
    [NativeName("NS_PORT_MASK")] PortMask = 0xff00,
}

/// <summary>Shift that goes with <see cref="NetmapSlotFlags.PortMask"/>.</summary>
public static class NetmapSlotFlagBits
{
    /// <summary><c>NS_PORT_SHIFT</c>.</summary>
    [NativeName("NS_PORT_SHIFT")] public const int PortShift = 8;
}
