using System;
using System.Diagnostics;
using System.IO;
using System.Threading;

namespace Netmap.Examples.Tests;

/// <summary>
/// An example's entry point (<c>Run(args, stdout, stderr, stop)</c>) run in this process on its own thread, with
/// synchronized writers for its output, stopped through its token (the Ctrl+C path).
/// </summary>
internal class InProcessApp : IDisposable
{
    private readonly StringWriter _out = new();
    private readonly StringWriter _err = new();
    private readonly TextWriter _syncOut;
    private readonly TextWriter _syncErr;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private readonly string _name;
    private int _exitCode = -1;

    /// <summary>Starts <paramref name="entry"/> with <paramref name="args"/> on a background thread named <paramref name="name"/>.</summary>
    protected InProcessApp(string name, Func<string[], TextWriter, TextWriter, CancellationToken, int> entry, string[] args)
    {
        _name = name;
        _syncOut = TextWriter.Synchronized(_out);
        _syncErr = TextWriter.Synchronized(_err);
        _thread = new Thread(() => _exitCode = entry(args, _syncOut, _syncErr, _stop.Token))
        {
            IsBackground = true,
            Name = name,
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

    public bool HasExited => !_thread.IsAlive;

    public int ExitCode => _exitCode;

    public bool WaitExit(TimeSpan timeout) => _thread.Join(timeout);

    /// <summary>Stops it as Ctrl+C would and returns its exit code.</summary>
    public int Stop()
    {
        _stop.Cancel();
        if (!_thread.Join(TimeSpan.FromSeconds(20)))
        {
            throw new TimeoutException($"{_name} did not stop:\n{Stderr}");
        }

        return _exitCode;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join(TimeSpan.FromSeconds(20));
        _stop.Dispose();
    }

    /// <summary>Polls <paramref name="condition"/> every 20 ms; false if it is still false after <paramref name="timeout"/>.</summary>
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

    /// <summary>Waits for <paramref name="app"/> (arguments that make it exit on their own), disposes it and returns what it left.</summary>
    protected static (int ExitCode, string Stdout, string Stderr) RunToEnd(InProcessApp app, TimeSpan timeout, string[] args)
    {
        using (app)
        {
            if (!app.WaitExit(timeout))
            {
                throw new TimeoutException($"{app._name} {string.Join(' ', args)} did not exit:\n{app.Stderr}");
            }

            return (app._exitCode, app.Stdout, app.Stderr);
        }
    }
}
