namespace Netmap.Interop;

/// <summary>The errno values netmap returns (x86_64 Linux), and their symbolic names.</summary>
public static class Errno
{
    /// <summary>EPERM: operation not permitted.</summary>
    [NativeName("EPERM")] public const int EPERM = 1;
    /// <summary>ENOENT: no such file or directory.</summary>
    [NativeName("ENOENT")] public const int ENOENT = 2;
    /// <summary>EINTR: interrupted system call.</summary>
    [NativeName("EINTR")] public const int EINTR = 4;
    /// <summary>EIO: input/output error.</summary>
    [NativeName("EIO")] public const int EIO = 5;
    /// <summary>ENXIO: no such device or address.</summary>
    [NativeName("ENXIO")] public const int ENXIO = 6;
    /// <summary>EAGAIN: try again.</summary>
    [NativeName("EAGAIN")] public const int EAGAIN = 11;
    /// <summary>ENOMEM: out of memory.</summary>
    [NativeName("ENOMEM")] public const int ENOMEM = 12;
    /// <summary>EACCES: permission denied.</summary>
    [NativeName("EACCES")] public const int EACCES = 13;
    /// <summary>EFAULT: bad address.</summary>
    [NativeName("EFAULT")] public const int EFAULT = 14;
    /// <summary>EBUSY: device or resource busy.</summary>
    [NativeName("EBUSY")] public const int EBUSY = 16;
    /// <summary>EEXIST: file exists.</summary>
    [NativeName("EEXIST")] public const int EEXIST = 17;
    /// <summary>ENODEV: no such device.</summary>
    [NativeName("ENODEV")] public const int ENODEV = 19;
    /// <summary>EINVAL: invalid argument.</summary>
    [NativeName("EINVAL")] public const int EINVAL = 22;
    /// <summary>ENOTTY: inappropriate ioctl for device.</summary>
    [NativeName("ENOTTY")] public const int ENOTTY = 25;
    /// <summary>EMSGSIZE: message too long.</summary>
    [NativeName("EMSGSIZE")] public const int EMSGSIZE = 90;
    /// <summary>EOPNOTSUPP: operation not supported.</summary>
    [NativeName("EOPNOTSUPP")] public const int EOPNOTSUPP = 95;
    /// <summary>ENOBUFS: no buffer space available.</summary>
    [NativeName("ENOBUFS")] public const int ENOBUFS = 105;

    /// <summary>The symbolic name of an errno value ("EBUSY"), or "errno N" for one this class does not list.</summary>
    public static string Name(int errno) => errno switch
    {
        0 => "0",
        EPERM => nameof(EPERM),
        ENOENT => nameof(ENOENT),
        EINTR => nameof(EINTR),
        EIO => nameof(EIO),
        ENXIO => nameof(ENXIO),
        EAGAIN => nameof(EAGAIN),
        ENOMEM => nameof(ENOMEM),
        EACCES => nameof(EACCES),
        EFAULT => nameof(EFAULT),
        EBUSY => nameof(EBUSY),
        EEXIST => nameof(EEXIST),
        ENODEV => nameof(ENODEV),
        EINVAL => nameof(EINVAL),
        ENOTTY => nameof(ENOTTY),
        EMSGSIZE => nameof(EMSGSIZE),
        EOPNOTSUPP => nameof(EOPNOTSUPP),
        ENOBUFS => nameof(ENOBUFS),
        _ => $"errno {errno}",
    };
}
