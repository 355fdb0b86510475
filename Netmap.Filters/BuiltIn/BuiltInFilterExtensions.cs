using System;

namespace Netmap.Filters;

/// <summary>Shortcuts for the built-in filters; configure them with <c>services.Configure&lt;…Options&gt;</c> or configuration binding.</summary>
public static class BuiltInFilterExtensions
{
    /// <summary>The seed's iptables-style rules (<see cref="IptablesRuleFilterOptions"/>).</summary>
    public static NetmapPipelineBuilder UseIptablesRules(this NetmapPipelineBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use<IptablesRuleFilter>();
    }

    /// <summary>A tc u32 rule table (<see cref="TcRuleFilterOptions"/>).</summary>
    public static NetmapPipelineBuilder UseTcRules(this NetmapPipelineBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use<TcRuleFilter>();
    }

    /// <summary>ICMP echo accept (<see cref="IcmpEchoAcceptOptions"/>).</summary>
    public static NetmapPipelineBuilder UseIcmpEchoAccept(this NetmapPipelineBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use<IcmpEchoAcceptFilter>();
    }

    /// <summary>A token-bucket policer (<see cref="PolicerOptions"/>).</summary>
    public static NetmapPipelineBuilder UsePolicer(this NetmapPipelineBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use<PolicerFilter>();
    }
}
