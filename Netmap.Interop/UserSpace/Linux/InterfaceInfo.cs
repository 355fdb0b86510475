using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;

namespace Netmap.Interop.UserSpace.Linux;

/// <summary>
/// What netmap reads from a Linux interface at open: index, MTU, MAC, queue counts (ethtool channels) and ring size
/// (ethtool ringparam). Everything goes through sockets of the calling thread's network namespace (sysfs would show
/// the namespace it was mounted in).
/// </summary>
internal static unsafe class InterfaceInfo
{
    private const nuint SIOCGIFMTU = 0x8921;
    private const nuint SIOCGIFHWADDR = 0x8927;
    private const nuint SIOCETHTOOL = 0x8946;
    private const uint ETHTOOL_GRINGPARAM = 0x10;
    private const uint ETHTOOL_GCHANNELS = 0x3c;

    /// <summary>netmap's generic_ringsize when the driver reports no ring size.</summary>
    public const uint DefaultSlots = 1024;

    /// <summary>
    /// The inode of the calling thread's network namespace: interfaces of one name in different namespaces are
    /// different ports.
    /// </summary>
    public static ulong NetNs()
    {
        string? target = new FileInfo("/proc/thread-self/ns/net").LinkTarget;
        int open = target?.IndexOf('[', StringComparison.Ordinal) ?? -1;
        return open >= 0 && ulong.TryParse(target.AsSpan(open + 1, target!.Length - open - 2), out ulong inode) ? inode : 0;
    }

    public static uint Index(string name) => name.Length is 0 or > 15 ? 0 : LinuxSys.IfNameToIndex(name);

    /// <summary>The names of the interfaces of this namespace, for the ENXIO message.</summary>
    public static string ListNames()
    {
        var names = new List<string>();
        LinuxSys.IfNameIndex* list = LinuxSys.IfNameIndexes();
        if (list is not null)
        {
            for (LinuxSys.IfNameIndex* p = list; p->Index != 0; p++)
            {
                names.Add(new string((sbyte*)p->Name));
            }

            LinuxSys.IfFreeNameIndex(list);
        }

        return string.Join(", ", names);
    }

    public static int Mtu(string name)
    {
        byte* ifr = stackalloc byte[40];
        return IfReq(name, SIOCGIFMTU, ifr) == 0 ? *(int*)(ifr + 16) : -1;
    }

    /// <summary>The MAC as ip(8) prints it, for the TAP that must carry the same address.</summary>
    public static string Mac(string name)
    {
        byte* ifr = stackalloc byte[40];
        if (IfReq(name, SIOCGIFHWADDR, ifr) != 0)
        {
            return string.Empty;
        }

        var sb = new StringBuilder();
        for (int i = 0; i < 6; i++)
        {
            sb.Append(i == 0 ? string.Empty : ":").Append(ifr[18 + i].ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }

    /// <summary>RX and TX queue counts as <c>ethtool -l</c> reports them (combined included); 1 when unsupported.</summary>
    public static void Queues(string name, out uint rx, out uint tx)
    {
        rx = tx = 1;
        uint* ch = stackalloc uint[9];
        new Span<uint>(ch, 9).Clear();
        ch[0] = ETHTOOL_GCHANNELS;
        if (Ethtool(name, ch) == 0)
        {
            uint combined = ch[8];
            rx = Math.Max(1, ch[5] + combined);
            tx = Math.Max(1, ch[6] + combined);
        }
    }

    /// <summary>
    /// Ring sizes to use instead of the interface's ethtool ringparam, for tests: no interface a test may create
    /// (veth) reports a ring size of its own. Flows with the execution context, so only the setting test sees it.
    /// </summary>
    internal static readonly AsyncLocal<RingParam?> RingParamForTests = new();

    /// <summary>RX and TX ring sizes netmap's emulated adapter takes from <c>ethtool -g</c>, else 1024.</summary>
    public static void RingSizes(string name, out uint rx, out uint tx)
    {
        rx = tx = DefaultSlots;
        if (RingParamForTests.Value is RingParam fake)
        {
            rx = SlotsFrom(fake.RxPending, fake.RxMaxPending);
            tx = SlotsFrom(fake.TxPending, fake.TxMaxPending);
            return;
        }

        uint* rp = stackalloc uint[9];
        new Span<uint>(rp, 9).Clear();
        rp[0] = ETHTOOL_GRINGPARAM;
        if (Ethtool(name, rp) == 0)
        {
            rx = SlotsFrom(rp[5], rp[1]);
            tx = SlotsFrom(rp[8], rp[4]);
        }
    }

    /// <summary>
    /// nm_os_generic_find_num_desc (LINUX/netmap_linux.c): the current size, else the maximum; below 3 the
    /// default. Not bounded above: a ring that does not fit its region's ring objects fails later with ENOMEM.
    /// </summary>
    public static uint SlotsFrom(uint pending, uint maxPending)
    {
        uint n = pending != 0 ? pending : maxPending;
        return n < 3 ? DefaultSlots : n;
    }

    /// <summary>The capabilities REGISTER on an interface needs that the process lacks (CapEff), comma separated.</summary>
    public static string MissingCapabilities()
    {
        ulong eff = ulong.MaxValue;
        foreach (string line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("CapEff:", StringComparison.Ordinal))
            {
                eff = Convert.ToUInt64(line[7..].Trim(), 16);
            }
        }

        var missing = new List<string>();
        if ((eff & (1UL << 12)) == 0)
        {
            missing.Add("CAP_NET_ADMIN");
        }

        if ((eff & (1UL << 13)) == 0)
        {
            missing.Add("CAP_NET_RAW");
        }

        if ((eff & (1UL << 39)) == 0 && (eff & (1UL << 21)) == 0)
        {
            missing.Add("CAP_BPF");
        }

        return string.Join(", ", missing);
    }

    /// <summary>The ethtool_ringparam fields netmap reads.</summary>
    internal readonly record struct RingParam(uint RxPending, uint RxMaxPending, uint TxPending, uint TxMaxPending);

    private static int Ethtool(string name, uint* data)
    {
        byte* ifr = stackalloc byte[40];
        *(ulong*)(ifr + 16) = (ulong)data;
        return IfReq(name, SIOCETHTOOL, ifr);
    }

    private static int IfReq(string name, nuint request, byte* ifr)
    {
        int fd = LinuxSys.Socket(LinuxSys.AF_INET, LinuxSys.SOCK_DGRAM | LinuxSys.SOCK_CLOEXEC, 0);
        if (fd < 0)
        {
            return LinuxSys.LastError;
        }

        try
        {
            if (*(ulong*)(ifr + 16) == 0)
            {
                new Span<byte>(ifr, 40).Clear();
            }

            WriteName(ifr, name);
            return LinuxSys.Ioctl(fd, request, ifr) == 0 ? 0 : LinuxSys.LastError;
        }
        finally
        {
            LinuxSys.Close(fd);
        }
    }

    public static void WriteName(byte* ifr, string name)
    {
        new Span<byte>(ifr, 16).Clear();
        Encoding.ASCII.GetBytes(name.AsSpan(0, Math.Min(name.Length, 15)), new Span<byte>(ifr, 15));
    }
}
