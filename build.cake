// Build script: `./build.sh --target=<Build|Test|Pack|Demo|Bench>` (default Test).
// Test runs every test project, writes TRX under artifacts/test-results and ends with "N passed, N failed".
using System.Xml.Linq;

var target = Argument("target", "Test");
var configuration = Argument("configuration", "Release");
var solution = "./Netmap.sln";
var artifacts = MakeAbsolute(Directory("./artifacts"));
var testResults = artifacts.Combine("test-results");

Task("Clean")
    .Does(() => CleanDirectory(artifacts));

Task("Build")
    .Does(() =>
{
    DotNetBuild(solution, new DotNetBuildSettings { Configuration = configuration });
});

Task("Test")
    .IsDependentOn("Build")
    .Does(() =>
{
    CleanDirectory(testResults);
    Exception failure = null;
    foreach (var project in GetFiles("./test/**/*.Tests.csproj"))
    {
        try
        {
            DotNetTest(project.FullPath, new DotNetTestSettings
            {
                Configuration = configuration,
                NoBuild = true,
                ResultsDirectory = testResults,
                Loggers = new[] { $"trx;LogFileName={project.GetFilenameWithoutExtension()}.trx", "console;verbosity=normal" },
            });
        }
        catch (Exception e)
        {
            // Keep running the other projects; the summary below reports everything and the task fails after it.
            failure ??= e;
        }
    }

    long passed = 0, failed = 0, skipped = 0;
    XNamespace ns = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";
    var trxFiles = GetFiles(testResults.FullPath + "/*.trx");
    foreach (var trx in trxFiles)
    {
        var counters = XDocument.Load(trx.FullPath).Descendants(ns + "Counters").Single();
        passed += (long)counters.Attribute("passed");
        failed += (long)counters.Attribute("failed") + (long)counters.Attribute("error") + (long)counters.Attribute("timeout")
                  + (long)counters.Attribute("aborted");
        skipped += (long)counters.Attribute("notExecuted");
    }

    // A test host that crashes writes no TRX: count each such project as a failure, never as silence.
    foreach (var project in GetFiles("./test/**/*.Tests.csproj"))
    {
        var trx = testResults.CombineWithFilePath(project.GetFilenameWithoutExtension() + ".trx");
        if (!FileExists(trx))
        {
            failed++;
            Error($"{project.GetFilename()} wrote no test results (did its test host crash?)");
        }
    }

    var summary = skipped > 0 ? $"{passed} passed, {failed} failed, {skipped} skipped" : $"{passed} passed, {failed} failed";
    System.IO.File.WriteAllText(testResults.CombineWithFilePath("summary.txt").FullPath, summary + "\n");
    Information(summary);
    if (failure != null || failed > 0)
    {
        throw new CakeException($"Tests failed: {summary}");
    }
});

Task("Pack")
    .IsDependentOn("Build")
    .Does(() =>
{
    foreach (var project in new[] { "./Netmap.Interop/Netmap.Interop.csproj", "./Netmap.Sdk/Netmap.Sdk.csproj", "./Netmap.Filters/Netmap.Filters.csproj" })
    {
        DotNetPack(project, new DotNetPackSettings
        {
            Configuration = configuration,
            NoBuild = true,
            OutputDirectory = artifacts.Combine("packages"),
        });
    }
});

Task("Demo")
    .Description("The drop app's built-in demo: the seed's flood dropped in user space, the rest to the kernel; needs no netmap.")
    .Does(() =>
{
    DotNetRun("./examples/Netmap.Drop/Netmap.Drop.csproj",
        new ProcessArgumentBuilder().Append("--demo").Append("--seconds").Append(Argument("seconds", "3")),
        new DotNetRunSettings { Configuration = configuration });
});

Task("Info")
    .Description("Runs the diagnostic tool: which netmap this machine has, and what a port name means.")
    .Does(() =>
{
    var names = Argument("ports", "netmap:eth0*");
    DotNetRun("./examples/Netmap.Info/Netmap.Info.csproj", new ProcessArgumentBuilder().Append(names),
        new DotNetRunSettings { Configuration = configuration });
});

Task("Bridge")
    .Description("Runs netmap-bridge: --ports='A' (A's NIC rings <-> its host stack) or --ports='A,B'; --wait=secs.")
    .Does(() =>
{
    var arguments = new ProcessArgumentBuilder().Append("-w").Append(Argument("wait", "4"));
    foreach (var port in Argument("ports", "netmap:eth0").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
    {
        arguments.Append("-i").AppendQuoted(port);
    }

    DotNetRun("./examples/Netmap.Bridge/Netmap.Bridge.csproj", arguments, new DotNetRunSettings { Configuration = configuration });
});

Task("PktGen")
    .Description("Runs netmap-pkt-gen: --options='-f tx -i netmap:eth0 -n 1000' (pkt-gen's command line).")
    .Does(() =>
{
    var arguments = new ProcessArgumentBuilder();
    foreach (var word in Argument("options", "-f rx -i netmap:eth0").Split(' ', StringSplitOptions.RemoveEmptyEntries))
    {
        arguments.AppendQuoted(word);
    }

    DotNetRun("./examples/Netmap.PktGen/Netmap.PktGen.csproj", arguments, new DotNetRunSettings { Configuration = configuration });
});

Task("Bench")
    .Description("Runs the BenchmarkDotNet suites (short job); results in artifacts/benchmarks.")
    .Does(() =>
{
    var filter = Argument("filter", "*");
    DotNetRun("./bench/Netmap.Benchmarks/Netmap.Benchmarks.csproj",
        new ProcessArgumentBuilder().Append("--filter").AppendQuoted(filter).Append("--job").Append("short")
            .Append("--artifacts").AppendQuoted(artifacts.Combine("benchmarks").FullPath),
        new DotNetRunSettings { Configuration = "Release" });
});

Task("Default").IsDependentOn("Test");

RunTarget(target);
