using System;
using System.Collections.Generic;
using Netmap.Filters.Headers;
using Netmap.Filters.Rules;
using Netmap.Filters.Tests.Rules;
using Xunit;

namespace Netmap.Filters.Tests;

/// <summary>The hot path allocates nothing: parse + tc table (+ the other rules) over 1,000,000 frames.</summary>
public sealed class AllocationTests
{
    [Fact]
    public void Parsing_and_evaluating_a_million_frames_allocates_zero_bytes()
    {
        var random = new Random(6);
        var frames = new List<byte[]>();
        for (int i = 0; i < 256; i++)
        {
            byte[] valid = FrameGenerators.Valid(random).Bytes;
            frames.Add(i % 4 == 3 ? FrameGenerators.Mutate(valid, random) : valid);
        }

        byte[][] pool = frames.ToArray();
        TcRuleTable table = SeedAppendixTests.Appendix();
        IptablesRule rule = IptablesRule.Parse("-p udp --dport 4321 --dst 198.18.0.1 -j DROP");
        var echo = new IcmpEchoAccept();
        var bucket = new TokenBucket(1_000_000, 64);
        long Run(int count)
        {
            long drops = 0;
            for (int i = 0; i < count; i++)
            {
                byte[] frame = pool[i & 255];
                ParsedFrame parsed = PacketParser.Parse(frame);
                drops += table.Evaluate(frame) == RuleAction.Drop ? 1 : 0;
                drops += rule.Evaluate(parsed) == RuleAction.Drop ? 1 : 0;
                drops += echo.Evaluate(parsed) == RuleAction.Pass ? 1 : 0;
                drops += bucket.Take(i, frame.Length) ? 0 : 1;
                drops += parsed.Layout.IsWellFormed ? 0 : 1;
            }

            return drops;
        }

        Run(20_000);
        long before = GC.GetAllocatedBytesForCurrentThread();
        long counted = Run(1_000_000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(counted > 0);
        Assert.Equal(0, allocated);
    }
}
