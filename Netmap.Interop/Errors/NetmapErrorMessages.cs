using System.Text;

namespace Netmap.Interop;

/// <summary>
/// Turns an errno at a step into a message that says what happened and what to do, in the terms a netmap user
/// knows. Every <see cref="NetmapException"/> message comes from here, so the advice is the same everywhere.
/// </summary>
public static class NetmapErrorMessages
{
    /// <summary>The advice for an errno at a step, without the port name or the errno itself.</summary>
    public static string Advice(NetmapStep step, int errno) => (step, errno) switch
    {
        (NetmapStep.Open, Errno.ENOENT) or (NetmapStep.Open, Errno.ENODEV) or (NetmapStep.Open, Errno.ENXIO) =>
            $"netmap is not loaded: {NetmapApi.DeviceName} does not exist. Load it with `modprobe netmap`, " +
            "or use the user-space netmap with NETMAP_BACKEND=userspace.",
        (_, Errno.EACCES) or (_, Errno.EPERM) =>
            $"permission denied: run as root, or give this user read and write access to {NetmapApi.DeviceName} " +
            "(the user-space netmap on a Linux interface also needs CAP_NET_ADMIN and CAP_NET_RAW; its rendezvous directory, " +
            "/dev/shm/netmap or NETMAP_USERSPACE_DIR, must be this user's and made by this build: its log says which).",
        (NetmapStep.Register or NetmapStep.PortInfo, Errno.ENXIO) =>
            "no such interface: check the name with `ip link show` (the part after `netmap:` must be an existing interface, a pipe or a VALE port).",
        (NetmapStep.Sync, Errno.ENXIO) or (NetmapStep.Poll, Errno.ENXIO) =>
            "the handle is not bound to a port: register it before syncing.",
        (_, Errno.EBUSY) =>
            "the port or ring is busy: another handle holds it with /x (NR_EXCLUSIVE), this handle is already bound, " +
            "or the interface is attached to a VALE switch. Close the other user or choose other rings.",
        (NetmapStep.ParseName, Errno.EINVAL) =>
            "the port name is not valid: see the port-name syntax in the README (e.g. netmap:eth0, netmap:eth0*, netmap:eth0-1, netmap:eth0{1).",
        (_, Errno.EINVAL) =>
            "the request was refused as invalid: check the mode, ring id, memory id and @conf values for this port " +
            "(host rings do not exist on pipes and VALE ports; a ring id must be below the ring count; the MTU must fit a buffer).",
        (_, Errno.EOPNOTSUPP) =>
            "not supported by this netmap: an unknown option, a feature this backend does not provide, or admode=1 without a native driver.",
        (_, Errno.ENOMEM) =>
            "netmap's memory pool is exhausted: ask for fewer rings, slots or extra buffers, or close other ports.",
        (_, Errno.EMSGSIZE) =>
            "the request body and options exceed 4096 bytes: pass fewer options.",
        (_, Errno.EIO) when step == NetmapStep.Sync =>
            "the ring is stopped (interface going down or being reconfigured): wait and retry, or reopen the port.",
        (_, Errno.EIO) =>
            "input/output error: on ports with a virtio-net header add NR_ACCEPT_VNET_HDR.",
        (_, Errno.ENOTTY) =>
            "the device does not understand this ioctl: the file is not netmap's control device, or its API version differs.",
        (_, Errno.EINTR) => "interrupted by a signal: retry.",
        _ => "see errno(3) for the meaning.",
    };

    /// <summary>The whole message: step, port, errno name and number, detail, and advice.</summary>
    public static string Compose(NetmapStep step, int errno, string? portName, string? detail)
    {
        var text = new StringBuilder();
        text.Append(StepText(step));
        if (!string.IsNullOrEmpty(portName))
        {
            text.Append(" '").Append(portName).Append('\'');
        }

        text.Append(" failed with ").Append(Errno.Name(errno));
        if (errno != 0)
        {
            text.Append(" (").Append(errno).Append(')');
        }

        text.Append(": ");
        if (!string.IsNullOrEmpty(detail))
        {
            text.Append(detail.TrimEnd('.')).Append(". ");
        }

        text.Append(Advice(step, errno));
        return text.ToString();
    }

    private static string StepText(NetmapStep step) => step switch
    {
        NetmapStep.ParseName => "parsing port name",
        NetmapStep.Open => $"opening {NetmapApi.DeviceName}",
        NetmapStep.Register => "registering port",
        NetmapStep.PortInfo => "reading port info of",
        NetmapStep.Mmap => "mapping the memory region of port",
        NetmapStep.Sync => "syncing rings of port",
        NetmapStep.Poll => "polling port",
        _ => step.ToString(),
    };
}
