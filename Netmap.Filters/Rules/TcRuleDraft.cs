namespace Netmap.Filters.Rules;

/// <summary>What a u32 filter's options said so far, before it becomes an immutable <see cref="TcRule"/>.</summary>
internal sealed class TcRuleDraft
{
    public bool Terminal { get; set; }

    public bool HasAction { get; set; }

    public RuleAction? Action { get; set; }

    public long? PoliceMtu { get; set; }

    public RuleAction PoliceExceed { get; set; }

    public RuleAction PoliceConform { get; set; } = RuleAction.Pass;

    public uint? FlowId { get; set; }
}
