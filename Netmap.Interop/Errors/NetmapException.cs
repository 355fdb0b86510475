using System;
using System.IO;

namespace Netmap.Interop;

/// <summary>
/// A netmap call failed. Carries the errno the kernel (or the user-space netmap) returned, the port name and the
/// step, and its message says what to do about it.
/// </summary>
public class NetmapException : IOException
{
    /// <summary>Creates the exception; the message is composed by <see cref="NetmapErrorMessages"/>.</summary>
    /// <param name="step">What was being done.</param>
    /// <param name="errno">The errno value returned.</param>
    /// <param name="portName">The port name as the caller gave it, if any.</param>
    /// <param name="detail">Extra facts from the caller (e.g. the backend's own explanation).</param>
    /// <param name="innerException">The underlying exception, if any.</param>
    public NetmapException(NetmapStep step, int errno, string? portName, string? detail = null, Exception? innerException = null)
        : this(step, errno, portName, NetmapErrorMessages.Compose(step, errno, portName, detail), true, innerException)
    {
    }

    /// <summary>Creates the exception with a message already composed.</summary>
    protected NetmapException(NetmapStep step, int errno, string? portName, string message, bool composed, Exception? innerException)
        : base(message, innerException)
    {
        _ = composed;
        Step = step;
        Errno = errno;
        PortName = portName;
        HResult = errno;
    }

    /// <summary>The step that failed.</summary>
    public NetmapStep Step { get; }

    /// <summary>The errno value (see <see cref="Interop.Errno"/>).</summary>
    public int Errno { get; }

    /// <summary>The port name involved, if any.</summary>
    public string? PortName { get; }
}
