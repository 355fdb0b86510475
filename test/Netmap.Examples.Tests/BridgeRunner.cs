using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using Netmap.Bridge;
using Netmap.Interop.Tests.UserSpace.Linux;

namespace Netmap.Examples.Tests;

/// <summary>netmap-bridge run in this process on its own thread, stopped through its token (the Ctrl+C path).</summary>
internal sealed class InProcessBridge : IDisposable
{
    private readonly StringWriter _out = new();
    private readonly StringWriter _err = new();
    private readonly TextWriter _syncOut;
    private readonly TextWriter _syncErr;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private int _exitCode = -1;

    private InProcessBridge(string[] args)
    {
        _syncOut = TextWriter.Synchronized(_out);
        _syncErr = TextWriter.Synchronized(_err);
        _thread = new Thread(() => _exitCode = BridgeApp.Run(args, _syncOut, _syncErr, _stop.Token))
        {
            IsBackground = true,
            Name = "netmap-bridge",
        };
        _thread.Start();
    }

    /// <summary>Everything written to stderr so far.</summary>
    public string Stderr
    {
        get
        {
            lock (_syncErr)
            {
                return _err.ToString();
            }
        }
    }

    public string Stdout
    {
        get
        {
            lock (_syncOut)
            {
                return _out.ToString();
            }
        }
    }

    public static InProcessBridge Start(params string[] args) => new(args);

    /// <summary>Runs to completion (for arguments that make it exit at once).</summary>
    public static (int ExitCode, string Stdout, string Stderr) RunToEnd(params string[] args)
    {
        using var bridge = new InProcessBridge(args);
        Assert(bridge._thread.Join(TimeSpan.FromSeconds(30)), "the bridge did not exit");
        return (bridge._exitCode, bridge.Stdout, bridge.Stderr);
    }

    /// <summary>Waits for "Ready to go" (or an early exit); false on time-out or exit.</summary>
    public bool WaitReady(TimeSpan timeout) => Wait(() => Stderr.Contains("Ready to go", StringComparison.Ordinal), timeout);

    /// <summary>Stops it as Ctrl+C would and returns its exit code.</summary>
    public int Stop()
    {
        _stop.Cancel();
        Assert(_thread.Join(TimeSpan.FromSeconds(20)), "the bridge did not stop");
        return _exitCode;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join(TimeSpan.FromSeconds(20));
        _stop.Dispose();
    }

    internal static bool Wait(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
            {
                return false;
            }

            Thread.Sleep(20);
        }

        return true;
    }

    private static void Assert(bool condition, string message)
    {
        if (!condition)
        {
            throw new TimeoutException(message);
        }
    }
}

/// <summary>netmap-bridge as its own process (e.g. inside a network namespace), stopped with a real SIGINT.</summary>
internal sealed class BridgeProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringWriter _out = new();
    private readonly StringWriter _err = new();

    private BridgeProcess(Process process)
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

    /// <summary>
    /// Starts <c>netmap-bridge</c> (the dll built next to the tests, run by the same dotnet host), optionally in
    /// network namespace <paramref name="netns"/> through <c>ip netns exec</c>, which execs it (same pid).
    /// </summary>
    public static BridgeProcess Start(string? netns, string? userSpaceDir, params string[] args)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "netmap-bridge.dll");
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

        return new BridgeProcess(Process.Start(psi)!);
    }

    public bool WaitReady(TimeSpan timeout) =>
        InProcessBridge.Wait(() => _process.HasExited || Stderr.Contains("Ready to go", StringComparison.Ordinal), timeout)
        && !_process.HasExited;

    /// <summary>Sends <paramref name="signal"/> (e.g. INT) and waits for the exit code.</summary>
    public int Signal(string signal, TimeSpan timeout)
    {
        Sh.Run($"kill -{signal} {_process.Id}", out _);
        if (!_process.WaitForExit(timeout))
        {
            return -1;
        }

        _process.WaitForExit(); // drains the redirected output
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
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
