using System;
using System.Text;

namespace Netmap.Interop;

/// <summary>
/// A port name does not follow libnetmap's syntax. <see cref="NetmapException.Step"/> is
/// <see cref="NetmapStep.ParseName"/>, <see cref="NetmapException.Errno"/> is EINVAL (as libnetmap sets), and the
/// message quotes the name with a caret under the offending character.
/// </summary>
public sealed class NetmapPortNameException : NetmapException
{
    /// <summary>Creates the exception for <paramref name="portName"/>, pointing at <paramref name="position"/>.</summary>
    /// <param name="portName">The whole port name as given.</param>
    /// <param name="position">0-based index of the offending character; the length of the name when something is missing at its end.</param>
    /// <param name="reason">What is wrong there, e.g. "expected a ring number after '-'".</param>
    public NetmapPortNameException(string portName, int position, string reason)
        : base(NetmapStep.ParseName, Interop.Errno.EINVAL, portName, ComposeMessage(portName, position, reason), true, null)
    {
        Position = position;
        Reason = reason;
    }

    /// <summary>0-based index in <see cref="NetmapException.PortName"/> of the offending character (the name's length if something is missing at the end).</summary>
    public int Position { get; }

    /// <summary>What is wrong at <see cref="Position"/>, without the name, the caret line or the advice.</summary>
    public string Reason { get; }

    private static string ComposeMessage(string portName, int position, string reason)
    {
        ArgumentNullException.ThrowIfNull(portName);
        ArgumentNullException.ThrowIfNull(reason);
        position = Math.Clamp(position, 0, portName.Length);

        // The head ("parsing port name 'x' failed with EINVAL (22): ") and the advice come from NetmapErrorMessages,
        // so this message reads like every other NetmapException; only the caret block is specific.
        string advice = NetmapErrorMessages.Advice(NetmapStep.ParseName, Interop.Errno.EINVAL);
        string composed = NetmapErrorMessages.Compose(NetmapStep.ParseName, Interop.Errno.EINVAL, portName, null);
        string head = composed.EndsWith(advice, StringComparison.Ordinal) ? composed[..^advice.Length] : composed + ": ";

        var text = new StringBuilder(head.Length + reason.Length + (2 * portName.Length) + advice.Length + 32);
        text.Append(head).Append(reason).Append(" at position ").Append(position).Append(":\n  ");
        foreach (char c in portName)
        {
            // Keep the caret under its character: show control characters as '?'.
            text.Append(char.IsControl(c) ? '?' : c);
        }

        text.Append("\n  ").Append(' ', position).Append("^ ").Append(advice);
        return text.ToString();
    }
}
