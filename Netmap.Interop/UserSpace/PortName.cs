using System;
using System.IO;

namespace Netmap.Interop.UserSpace;

/// <summary>How netmap's port lookup reads <c>nr_name</c>: pipe end, VALE port, or system interface.</summary>
internal readonly record struct PortName(string Name, string? Parent, string? PipeId, bool Master)
{
    public bool IsPipe => Parent is not null;

    /// <summary>A VALE switch port name: <c>vale</c>, then [A-Za-z0-9_]*, then ':'.</summary>
    public static bool IsVale(string name)
    {
        if (!name.StartsWith(NetmapApi.ValePrefix, StringComparison.Ordinal))
        {
            return false;
        }

        int colon = name.IndexOf(':', StringComparison.Ordinal);
        return colon >= 0;
    }

    /// <summary>Splits <c>X{id</c> / <c>X}id</c> at the last brace; EINVAL if X or id is empty.</summary>
    public static int Parse(string name, out PortName result)
    {
        result = new PortName(name, null, null, false);
        int brace = name.LastIndexOf('{');
        bool master = brace >= 0;
        if (!master)
        {
            brace = name.LastIndexOf('}');
        }

        if (brace < 0)
        {
            return 0;
        }

        if (brace == 0 || brace == name.Length - 1)
        {
            return Errno.EINVAL;
        }

        result = new PortName(name, name[..brace], name[(brace + 1)..], master);
        return 0;
    }

    /// <summary>True when a Linux network interface of that name exists (an interface parent shares region 1).</summary>
    public static bool InterfaceExists(string name) =>
        name.Length > 0 && name.IndexOfAny(['/', '\0']) < 0 && name != "." && name != ".." && Directory.Exists(Path.Combine("/sys/class/net", name));
}
