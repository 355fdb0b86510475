using System;
using System.Diagnostics;
using System.IO;
using Netmap.Interop.Tests.UserSpace.Linux;

namespace Netmap.Examples.Tests;

/// <summary>An example as its own process (e.g. inside a network namespace), with its output collected as it comes.</summary>
internal class ExampleProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringWriter _out = new();
    private readonly StringWriter _err = new();

    protected ExampleProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(_out, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(_err, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Stdout => Read(_out);

    public string Stderr => Read(_err);

    public bool HasExited => _process.HasExited;

    /// <summary>Waits for the exit code (-1 on time-out).</summary>
    public int WaitExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            return -1;
        }

        _process.WaitForExit(); // drains the redirected output
        return _process.ExitCode;
    }

    /// <summary>Sends <paramref name="signal"/> (e.g. INT).</summary>
    public void Signal(string signal) => Sh.Run($"kill -{signal} {_process.Id}", out _);

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    /// <summary>
    /// Starts <paramref name="dllName"/> (built next to the tests, run by the same dotnet host) with its output
    /// redirected, through <c>ip netns exec</c> (which execs it: same pid) when <paramref name="netns"/> is set, with
    /// its own rendezvous directory when <paramref name="userSpaceDir"/> is set.
    /// </summary>
    protected static Process Launch(string dllName, string? netns, string? userSpaceDir, string[] args)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, dllName);
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var psi = new ProcessStartInfo(netns is null ? dotnet : "ip")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (netns is not null)
        {
            foreach (string a in (string[])["netns", "exec", netns, dotnet])
            {
                psi.ArgumentList.Add(a);
            }
        }

        psi.ArgumentList.Add(dll);
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        if (userSpaceDir is not null)
        {
            psi.Environment["NETMAP_USERSPACE_DIR"] = userSpaceDir;
        }

        return Process.Start(psi)!;
    }

    private static void Append(StringWriter w, string? line)
    {
        if (line is not null)
        {
            lock (w)
            {
                w.WriteLine(line);
            }
        }
    }

    private static string Read(StringWriter w)
    {
        lock (w)
        {
            return w.ToString();
        }
    }
}
