using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Netmap.Filters.Headers;
using Netmap.Filters.Rules;

namespace Netmap.Filters.Tests.Rules;

public sealed class IcmpEchoAcceptTests
{
    [Property(MaxTest = 2000)]
    public Property Accepts_exactly_the_unfragmented_echo_requests() =>
        Prop.ForAll(FrameGenerators.ValidFrames(), sample =>
        {
            bool v4 = sample.Kind == NetworkKind.Ipv4 && sample.IcmpType == IcmpHeader.EchoRequest;
            bool v6 = sample.Kind == NetworkKind.Ipv6 && sample.IcmpType == IcmpHeader.V6EchoRequest;
            bool echo = (v4 || v6) && !sample.IsFragment;
            RuleAction both = new IcmpEchoAccept().Evaluate(sample.Bytes);
            RuleAction v4Only = new IcmpEchoAccept(Ipv4Only: true).Evaluate(sample.Bytes);
            return (both == (echo ? RuleAction.Pass : RuleAction.Continue)
                && v4Only == (echo && v4 ? RuleAction.Pass : RuleAction.Continue)).Label(sample.ToString());
        });

    [Property(MaxTest = 1000)]
    public Property Never_throws_on_any_frame() =>
        Prop.ForAll(FrameGenerators.AnyFrames(), frame => new IcmpEchoAccept().Evaluate(frame) is RuleAction.Pass or RuleAction.Continue);
}
