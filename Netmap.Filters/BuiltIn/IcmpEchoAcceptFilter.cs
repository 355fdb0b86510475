using Microsoft.Extensions.Options;
using Netmap.Filters.Rules;

namespace Netmap.Filters;

/// <summary>Options of <see cref="IcmpEchoAcceptFilter"/>.</summary>
public sealed class IcmpEchoAcceptOptions
{
    /// <summary>Accept ICMP echo requests only over IPv4 (else ICMPv6 echo too).</summary>
    public bool Ipv4Only { get; set; }

    /// <summary>What accepting does (default ToHost: the kernel answers the ping).</summary>
    public RuleVerdicts Verdicts { get; set; } = new();
}

/// <summary>Accepts ICMP echo requests (so the kernel keeps answering ping); everything else goes on.</summary>
public sealed class IcmpEchoAcceptFilter(IOptions<IcmpEchoAcceptOptions> options) : IPacketFilter, IAcceptingFilter
{
    private readonly IcmpEchoAccept _rule = new(options.Value.Ipv4Only);
    private readonly RuleVerdicts _verdicts = options.Value.Verdicts;

    /// <inheritdoc />
    public FilterResult Invoke(ref PacketContext context) => _verdicts.Map(_rule.Evaluate(context.Parsed));

    void IAcceptingFilter.CheckAccept(VerdictPort port) =>
        _verdicts.CheckAccept(port, nameof(IcmpEchoAcceptFilter), "IcmpEchoAcceptOptions.Verdicts");
}
