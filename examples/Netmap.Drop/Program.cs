using System;
using System.CommandLine;
using Netmap.Drop;

// netmap-drop: the seed's experiment — drop a flood in user space, hand every other packet to the kernel.
var port = new Option<string?>("--port") { Description = "Port to run on, e.g. netmap:eth0 (one worker per ring pair, host rings for pass-through)." };
var rules = new Option<string[]>("--rule") { Description = "iptables-style rule(s), e.g. \"-p udp --dport 4321 --dst 198.18.0.1 -j DROP\" (the seed's)." };
var tc = new Option<string?>("--tc") { Description = "A file of tc u32 rules (e.g. the seed's appendix) to apply instead of --rule." };
var demo = new Option<bool>("--demo") { Description = "Run the built-in demo on user-space netmap pipes: no netmap, no NIC, no root needed." };
var seconds = new Option<int>("--seconds") { Description = "How long the demo runs.", DefaultValueFactory = _ => 3 };
var root = new RootCommand("Drops the flows its rules claim at user-space speed and passes everything else to the kernel.")
{
    port, rules, tc, demo, seconds,
};
root.SetAction(async (result, cancel) =>
{
    string[] ruleTexts = result.GetValue(rules) is { Length: > 0 } given ? given : [DropDefaults.SeedRule];
    if (result.GetValue(demo))
    {
        return await DemoRun.RunAsync(ruleTexts, result.GetValue(seconds), Console.Out, cancel);
    }

    string? portName = result.GetValue(port);
    if (string.IsNullOrWhiteSpace(portName))
    {
        Console.Error.WriteLine("give --port netmap:IF to run on an interface, or --demo to see it work without netmap.");
        return 2;
    }

    return await PortRun.RunAsync(portName, ruleTexts, result.GetValue(tc), Console.Out, cancel);
});
return await root.Parse(args).InvokeAsync();
