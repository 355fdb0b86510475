using System;

namespace Netmap.Interop;

/// <summary><c>struct pollfd</c> event bits (x86_64 Linux).</summary>
[Flags]
public enum PollEvents : short
{
    /// <summary>No event.</summary>
    None = 0,
    /// <summary>POLLIN: an RX ring has <c>cur != tail</c>.</summary>
    [NativeName("POLLIN")] In = 0x1,
    /// <summary>POLLPRI.</summary>
    [NativeName("POLLPRI")] Pri = 0x2,
    /// <summary>POLLOUT: a TX ring has <c>cur != tail</c>.</summary>
    [NativeName("POLLOUT")] Out = 0x4,
    /// <summary>POLLERR: the handle is unbound, or a sync refused head/cur.</summary>
    [NativeName("POLLERR")] Err = 0x8,
    /// <summary>POLLHUP.</summary>
    [NativeName("POLLHUP")] Hup = 0x10,
    /// <summary>POLLNVAL: not an open descriptor.</summary>
    [NativeName("POLLNVAL")] Nval = 0x20,
    /// <summary>POLLRDNORM: same as POLLIN for netmap.</summary>
    [NativeName("POLLRDNORM")] RdNorm = 0x40,
    /// <summary>POLLWRNORM: same as POLLOUT for netmap.</summary>
    [NativeName("POLLWRNORM")] WrNorm = 0x100,
}

/// <summary>open(2) and mmap(2) constants used with netmap (x86_64 Linux).</summary>
public static class LinuxConstants
{
    /// <summary>O_RDWR.</summary>
    [NativeName("O_RDWR")] public const int O_RDWR = 0x2;
    /// <summary>O_CLOEXEC.</summary>
    [NativeName("O_CLOEXEC")] public const int O_CLOEXEC = 0x80000;
    /// <summary>PROT_READ.</summary>
    [NativeName("PROT_READ")] public const int PROT_READ = 0x1;
    /// <summary>PROT_WRITE.</summary>
    [NativeName("PROT_WRITE")] public const int PROT_WRITE = 0x2;
    /// <summary>MAP_SHARED.</summary>
    [NativeName("MAP_SHARED")] public const int MAP_SHARED = 0x1;
}
