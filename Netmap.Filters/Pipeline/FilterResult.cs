using Netmap.Sdk;

namespace Netmap.Filters;

/// <summary>
/// What a filter says: a verdict (the chain stops there) or <see cref="Next"/> (the next filter decides, and after
/// the last one the pipeline's default verdict applies). A small value; returning one costs nothing.
/// </summary>
public readonly struct FilterResult
{
    private const byte NextKind = byte.MaxValue;
    private readonly byte _kind;
    private readonly byte _target;

    private FilterResult(byte kind, byte target)
    {
        _kind = kind;
        _target = target;
    }

    /// <summary>Hand the packet to the next filter.</summary>
    public static FilterResult Next => new(NextKind, 0);

    /// <summary>Drop the packet.</summary>
    public static FilterResult Drop => Verdict.Drop;

    /// <summary>Pass the packet to the kernel stack.</summary>
    public static FilterResult ToHost => Verdict.ToHost;

    /// <summary>Send the (rewritten) packet back out of its port.</summary>
    public static FilterResult Transmit => Verdict.Transmit;

    /// <summary>True when the filter left the decision to the next one.</summary>
    public bool IsNext => _kind == NextKind;

    /// <summary>The verdict (meaningless when <see cref="IsNext"/>).</summary>
    public Verdict Verdict => new((VerdictKind)_kind, _target);

    /// <summary>Send the packet out of forward target <paramref name="target"/>.</summary>
    public static FilterResult Forward(int target) => Verdict.Forward(target);

    /// <summary>A verdict is a result that ends the chain.</summary>
    public static implicit operator FilterResult(Verdict verdict) => new((byte)verdict.Kind, verdict.Target);

    /// <summary>Same as the implicit conversion.</summary>
    public static FilterResult FromVerdict(Verdict verdict) => verdict;

    /// <inheritdoc />
    public override string ToString() => IsNext ? "Next" : Verdict.ToString();
}
