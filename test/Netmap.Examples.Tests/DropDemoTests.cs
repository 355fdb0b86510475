using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Netmap.Drop;
using Xunit;

namespace Netmap.Examples.Tests;

/// <summary>The drop app's demo, the README's main job: the flood dropped, the rest delivered, every packet accounted for.</summary>
public sealed class DropDemoTests
{
    [Fact]
    public async Task The_demo_drops_the_flood_and_delivers_everything_else_to_the_kernel()
    {
        var output = new StringWriter();
        int status = await DemoRun.RunAsync([DropDefaults.SeedRule], seconds: 1, output, CancellationToken.None);
        string text = output.ToString();
        Assert.True(status == 0, text);
        Assert.Contains("every packet accounted for", text, StringComparison.Ordinal);
        Assert.Contains("Nothing lost.", text, StringComparison.Ordinal);
        Assert.Matches(@"Received (\d+) packets: (\d+) dropped", text);
    }

    [Fact]
    public async Task Without_the_rule_everything_goes_to_the_kernel()
    {
        var output = new StringWriter();
        int status = await DemoRun.RunAsync(["-p tcp --dport 1 -j DROP"], seconds: 1, output, CancellationToken.None);
        string text = output.ToString();
        Assert.True(status == 0, text);
        Assert.Contains(": 0 dropped", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(14_880_000, "14.880 M")]
    [InlineData(60, "60.000 ")]
    [InlineData(1500, "1.500 K")]
    public void Rates_print_in_pkt_gens_units(double value, string expected) =>
        Assert.Equal(expected, StatsPrinter.Rate(value));
}
