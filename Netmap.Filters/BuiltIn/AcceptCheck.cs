using System;
using Netmap.Sdk;

namespace Netmap.Filters;

/// <summary>What a port offers the verdicts of one worker's pipeline: host rings, and how many forward targets.</summary>
/// <param name="Port">The port name, for messages.</param>
/// <param name="HasHostRings">Whether ToHost can reach the kernel.</param>
/// <param name="ForwardTargets">Forward targets the worker has, or null when unknown (Forward is not checked).</param>
internal sealed record VerdictPort(string Port, bool HasHostRings, int? ForwardTargets)
{
    /// <summary>Throws if <paramref name="verdict"/> can never be carried out on this port.</summary>
    /// <param name="verdict">The verdict.</param>
    /// <param name="what">Who gives it, e.g. "the pipeline's default verdict".</param>
    /// <param name="fix">What to set instead, e.g. "choose DefaultVerdict(Verdict.Drop)".</param>
    /// <exception cref="InvalidOperationException">The verdict would make every such packet unsendable.</exception>
    public void Check(Verdict verdict, string what, string fix)
    {
        if (verdict.Kind == VerdictKind.ToHost && !HasHostRings)
        {
            throw new InvalidOperationException(
                $"{what} is ToHost, but '{Port}' has no host rings (pipes never do): {fix} for this port.");
        }

        if (verdict.Kind == VerdictKind.Forward && ForwardTargets is int targets && verdict.Target >= targets)
        {
            string have = targets == 0 ? "no forward targets" : $"only {targets} forward target(s) (indexes 0..{targets - 1})";
            throw new InvalidOperationException(
                $"{what} is Forward({verdict.Target}), but '{Port}' has {have}: add the target to NetmapServiceOptions.Targets " +
                $"(ForwardTargets.IndexOf gives a name's index), or {fix}.");
        }
    }
}

/// <summary>
/// A built-in filter whose rules can accept packets (<see cref="RuleVerdicts.Accept"/>): the pipeline asks it at
/// start whether accepting can work on the port, and the filter refuses later reloads whose accept could not.
/// </summary>
internal interface IAcceptingFilter
{
    /// <summary>Checks the rules in force and remembers <paramref name="port"/> for reloads.</summary>
    /// <exception cref="InvalidOperationException">A rule accepts, and the accept verdict cannot work on this port.</exception>
    void CheckAccept(VerdictPort port);
}
