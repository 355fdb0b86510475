using System;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Netmap.Filters.Headers;

namespace Netmap.Filters.Tests.Headers;

public sealed class TransportChecksumProperties
{
    [Property(MaxTest = 2000)]
    public Property Generated_segments_verify_and_a_flipped_header_byte_does_not() =>
        Prop.ForAll(FrameGenerators.ValidFrames(), sample =>
        {
            ParsedFrame parsed = PacketParser.Parse(sample.Bytes);
            if (!TransportChecksum.TryVerify(parsed, out bool valid))
            {
                return (sample.IsFragment || sample.TransportOffset < 0 || sample.Protocol == 47).Label("skipped " + sample);
            }

            byte[] copy = (byte[])sample.Bytes.Clone();
            PacketLayout layout = parsed.Layout;
            copy[layout.TransportOffset] ^= 0x5A; // never the checksum field itself
            TransportChecksum.TryVerify(PacketParser.Parse(copy), out bool corrupted);
            TransportChecksum.TryRecompute(copy, layout);
            TransportChecksum.TryVerify(PacketParser.Parse(copy), out bool repaired);
            return (valid && !corrupted && repaired).Label(sample.ToString());
        });

    [Property(MaxTest = 1000)]
    public Property Never_throws_on_any_frame() =>
        Prop.ForAll(FrameGenerators.AnyFrames(), frame =>
        {
            TransportChecksum.TryVerify(PacketParser.Parse(frame), out _);
            byte[] copy = (byte[])frame.Clone();
            TransportChecksum.TryRecompute(copy, PacketParser.Parse(frame).Layout);
            return true;
        });
}
