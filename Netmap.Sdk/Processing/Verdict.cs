using System;

namespace Netmap.Sdk;

/// <summary>What happens to a packet from the wire.</summary>
public enum VerdictKind : byte
{
    /// <summary>Release the slot; the packet is gone.</summary>
    Drop,
    /// <summary>Hand it to the kernel stack through the host TX ring (zero-copy).</summary>
    ToHost,
    /// <summary>Send it back out of the port it came in on (after the processor rewrote it).</summary>
    Transmit,
    /// <summary>Send it out of another port (<see cref="Verdict.Target"/> indexes the worker's forward targets).</summary>
    Forward,
}

/// <summary>A processor's decision for one packet. A small value: verdicts cost no allocation.</summary>
public readonly record struct Verdict(VerdictKind Kind, byte Target = 0)
{
    /// <summary>Drop the packet.</summary>
    public static Verdict Drop => new(VerdictKind.Drop);

    /// <summary>Pass the packet to the kernel stack.</summary>
    public static Verdict ToHost => new(VerdictKind.ToHost);

    /// <summary>Send the packet back out of its port.</summary>
    public static Verdict Transmit => new(VerdictKind.Transmit);

    /// <summary>Send the packet out of forward target <paramref name="target"/>.</summary>
    public static Verdict Forward(int target) =>
        (uint)target <= byte.MaxValue ? new(VerdictKind.Forward, (byte)target)
            : throw new ArgumentOutOfRangeException(nameof(target), target,
                "a forward target is an index 0..255 into the worker's targets; resolve names once with ForwardTargets.IndexOf.");
}
