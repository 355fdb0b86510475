using System;
using Netmap.Filters.Headers;
using Netmap.Sdk;

namespace Netmap.Filters;

/// <summary>
/// A compiled pipeline as the worker's <see cref="IPacketProcessor"/>: parse once, set aside malformed frames
/// (counted), run the filters, apply the default verdict. A struct, so the worker calls it directly.
/// </summary>
public struct PipelineProcessor : IPacketProcessor
{
    private readonly FilterChain _chain;
    private readonly FilterChain? _egress;
    private readonly Verdict _default;
    private readonly Verdict _malformed;
    private readonly ParserLimits _limits;
    private readonly PipelineCounters _counters;

    /// <summary>Creates the processor over a compiled chain.</summary>
    /// <param name="chain">This worker's filters.</param>
    /// <param name="defaultVerdict">The verdict when every filter said Next.</param>
    /// <param name="options">Malformed verdict and parser limits.</param>
    /// <param name="egress">Optional filters for what the kernel stack transmits (host RX); without them it all goes to the wire.</param>
    public PipelineProcessor(FilterChain chain, Verdict defaultVerdict, PipelineOptions options, FilterChain? egress = null)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(options);
        _chain = chain;
        _egress = egress;
        _default = defaultVerdict;
        _malformed = options.MalformedVerdict ?? defaultVerdict;
        _limits = options.Limits;
        _counters = new PipelineCounters();
    }

    /// <summary>The filters.</summary>
    public readonly FilterChain Chain => _chain;

    /// <summary>Counters of what the pipeline itself decided (malformed frames, defaults).</summary>
    public readonly PipelineCounters Counters => _counters;

    /// <summary>The egress filters, if any.</summary>
    public readonly FilterChain? Egress => _egress;

    /// <inheritdoc />
    public readonly void OnBatch(int slotsAvailable) => _chain.OnBatch(slotsAvailable);

    /// <inheritdoc />
    /// <remarks>Egress filters may only Drop or let the packet go on (Transmit, to the wire); anything else drops.</remarks>
    public readonly Verdict ProcessFromHost(in Packet packet)
    {
        if (_egress is null)
        {
            return Verdict.Transmit;
        }

        Span<byte> frame = packet.Data;
        var context = new PacketContext(packet, frame, PacketParser.ParseLayout(frame, _limits));
        FilterResult result = _egress.Invoke(ref context);
        return result.IsNext || result.Verdict.Kind == VerdictKind.Transmit ? Verdict.Transmit : Verdict.Drop;
    }

    /// <inheritdoc />
    public readonly Verdict Process(in Packet packet)
    {
        Span<byte> frame = packet.Data;
        PacketLayout layout = PacketParser.ParseLayout(frame, _limits);
        if (layout.Malformed != MalformedReason.None)
        {
            _counters.Malformed++;
            return _malformed;
        }

        if (_chain.Count == 0)
        {
            _counters.Defaulted++;
            return _default;
        }

        var context = new PacketContext(packet, frame, layout);
        FilterResult result = _chain.Invoke(ref context);
        if (result.IsNext)
        {
            _counters.Defaulted++;
            return _default;
        }

        return result.Verdict;
    }
}

/// <summary>Counters a pipeline keeps for itself (written by its worker's thread only).</summary>
public sealed class PipelineCounters
{
    /// <summary>Frames the parser found malformed; they got the malformed verdict without reaching a filter.</summary>
    public long Malformed { get; internal set; }

    /// <summary>Packets every filter passed on; they got the default verdict.</summary>
    public long Defaulted { get; internal set; }
}
