namespace Netmap.Sdk;

/// <summary>What <see cref="TxRing.TryForward"/> did with a packet.</summary>
public enum ForwardResult
{
    /// <summary>Moved by swapping buffer indexes: zero copies.</summary>
    Swapped,
    /// <summary>Copied, because the rings are in different memory regions.</summary>
    Copied,
    /// <summary>The destination ring is full: the packet stays where it is (queued), nothing changed.</summary>
    NoSpace,
    /// <summary>A multi-slot packet and a destination that sends each slot as its own frame: not sent.</summary>
    Unsendable,
}
