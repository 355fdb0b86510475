using System;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Netmap.Filters.Headers;

namespace Netmap.Filters.Tests.Headers;

/// <summary>On valid generated frames the parser finds exactly what the builder put there.</summary>
public sealed class ParserProperties
{
    [Property(MaxTest = 2000)]
    public Property Valid_frames_parse_to_the_builders_layout() =>
        Prop.ForAll(FrameGenerators.ValidFrames(), sample =>
        {
            ParsedFrame p = PacketParser.Parse(sample.Bytes);
            PacketLayout l = p.Layout;
            bool ip = sample.Kind is NetworkKind.Ipv4 or NetworkKind.Ipv6;
            bool ok = l.Malformed == MalformedReason.None
                && l.NetworkKind == sample.Kind
                && l.VlanCount == sample.VlanCount
                && l.NetworkOffset == sample.NetworkOffset
                && l.TransportOffset == sample.TransportOffset
                && p.DestinationPort == sample.DestinationPort
                && (!ip || (l.Protocol == sample.Protocol && l.IsFragment == sample.IsFragment
                    && (l.FragmentOffset != 0) == sample.IsLaterFragment
                    && p.DestinationAddress.SequenceEqual(sample.Destination)))
                && l.ExtensionHeaderCount == sample.ExtensionHeaders;
            if (sample.IcmpType >= 0)
            {
                bool gotIcmp = sample.Kind == NetworkKind.Ipv4 ? p.TryGetIcmp(out IcmpHeader icmp) : p.TryGetIcmpv6(out icmp);
                ok &= gotIcmp && icmp.Type == sample.IcmpType;
            }

            return ok.Label(sample.ToString());
        });

    [Property(MaxTest = 1000)]
    public Property Valid_ipv4_headers_carry_valid_checksums() =>
        Prop.ForAll(FrameGenerators.ValidFrames(), sample =>
        {
            ParsedFrame p = PacketParser.Parse(sample.Bytes);
            return !p.TryGetIpv4(out Ipv4Header h) || h.IsChecksumValid;
        });
}
