namespace Netmap.Sdk;

/// <summary>
/// The verdict of the packet a full destination stopped a batch at. It stays at the head of its RX ring, and the
/// next round applies this verdict instead of asking the processor again: a verdict is computed once per packet.
/// </summary>
internal struct PendingVerdict
{
    private Verdict _verdict;
    private bool _present;

    /// <summary>True while a packet waits with its verdict.</summary>
    public readonly bool IsPresent => _present;

    /// <summary>The kept verdict, left in place (meaningful while <see cref="IsPresent"/>).</summary>
    public readonly Verdict Peek => _verdict;

    /// <summary>Takes the kept verdict, if any.</summary>
    public bool TryTake(out Verdict verdict)
    {
        verdict = _verdict;
        bool present = _present;
        _present = false;
        return present;
    }

    /// <summary>Keeps the verdict of the packet that has to wait.</summary>
    public void Keep(Verdict verdict)
    {
        _verdict = verdict;
        _present = true;
    }
}
