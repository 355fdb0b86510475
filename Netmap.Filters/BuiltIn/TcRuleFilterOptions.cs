namespace Netmap.Filters;

/// <summary>
/// A tc u32 rule table: the text of <c>tc filter add dev … parent ffff: protocol ip prio N u32 match … police mtu N
/// drop|pass flowid …</c> lines (or the seed's appendix script itself), inline or from a file.
/// </summary>
public sealed class TcRuleFilterOptions
{
    /// <summary>The rules as text (takes precedence over <see cref="File"/>).</summary>
    public string? Text { get; set; }

    /// <summary>A file holding the rules.</summary>
    public string? File { get; set; }

    /// <summary>Only rules for this device apply (null: the table's own device).</summary>
    public string? Device { get; set; }

    /// <summary>What a passing rule does.</summary>
    public RuleVerdicts Verdicts { get; set; } = new();
}
