using Netmap.Filters.Headers;
using Netmap.Sdk;

namespace Netmap.Filters;

/// <summary>What a pipeline does besides its filters.</summary>
public sealed record PipelineOptions
{
    /// <summary>
    /// The verdict after the last filter said Next. Null means "ToHost where the port has host rings"; on ports
    /// without host rings (pipes) it must be set, or the pipeline refuses to start.
    /// </summary>
    public Verdict? DefaultVerdict { get; init; }

    /// <summary>
    /// The verdict for frames the parser finds malformed (before any filter sees them). Null means ToHost (the kernel
    /// decides) on ports with host rings, and the default verdict on ports without (pipes).
    /// </summary>
    public Verdict? MalformedVerdict { get; init; }

    /// <summary>Bounds for the parser (VLAN tags, IPv6 extension headers).</summary>
    public ParserLimits Limits { get; init; } = ParserLimits.Default;
}
