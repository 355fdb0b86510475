using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Runtime.CompilerServices;

namespace Netmap.Bridge;

/// <summary>
/// bridge.c's command line, parsed like glibc's <c>getopt(argc, argv, "hb:ci:vw:L")</c> — clustered flags
/// (<c>-vv</c>, <c>-cL</c>), attached or separate values (<c>-b64</c>, <c>-b 64</c>), options after names, <c>--</c>
/// — so scripts written for the C tool run unchanged. -w is read as C's atoi() reads it (leading digits, else 0).
/// Unlike bridge.c, a bad burst is an error rather than silently replaced: a typo should not change what is
/// measured.
/// </summary>
internal static class BridgeArguments
{
    public const string Usage =
        "netmap bridge program: forward packets between two netmap ports\n" +
        "    usage(1): netmap-bridge [-v] [-c] [-i ifa] [-i ifb] [-b burst] [-w wait_time] [-L]\n" +
        "    usage(2): netmap-bridge [-v] [-c] [-w wait_time] [-L] [ifa [ifb [burst]]]\n" +
        "\n" +
        "    ifa and ifb are netmap port names (libnetmap syntax, e.g. netmap:eth0, netmap:eth0^, netmap:x{1).\n" +
        "    When ifb is missing (or is equal to ifa), bridge will forward between ifa and the host stack\n" +
        "    if -L is not specified, otherwise loopback traffic on ifa.\n" +
        "    -b burst: packets moved per ring pair per round, 1..8192 (1024); -w: seconds to wait for\n" +
        "    the link before forwarding, 0..100 (4); -c: copy instead of swapping buffers; -v: verbose.\n" +
        "\n" +
        "    example: netmap-bridge -w 10 -i netmap:eth3 -i netmap:eth1\n" +
        "\n" +
        "    If ifa and ifb are two interfaces, they must be in promiscuous mode. Otherwise, if bridging\n" +
        "    with the host stack, the interface must have the offloads disabled.\n" +
        "    Ctrl+C (SIGINT) or SIGTERM stops it; it then prints the packets moved each way.";

    /// <summary>Parses <paramref name="args"/>; on failure or help, says why on <paramref name="log"/>/<paramref name="stderr"/>.</summary>
    /// <returns>The options, or null with <paramref name="exitCode"/> 1 (help or bad input: bridge.c's usage() exits 1).</returns>
    public static BridgeOptions? Parse(string[] args, DebugLog log, TextWriter stderr, out int exitCode)
    {
        ArgumentNullException.ThrowIfNull(args);
        exitCode = 1;
        string? portA = null, portB = null, burstText = null, waitText = null;
        int verbose = 0;
        bool noZeroCopy = false, loopback = false;
        var names = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            if (arg == "--")
            {
                names.AddRange(args.AsSpan(i + 1));
                break;
            }

            if (arg is "--help" or "-h" or "-?")
            {
                stderr.WriteLine(Usage);
                return null; // exit code 1: bridge.c's usage() always exits 1
            }

            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                return Fail(log, stderr, $"unknown option '{arg}'");
            }

            if (arg.Length < 2 || arg[0] != '-')
            {
                names.Add(arg);
                continue;
            }

            for (int c = 1; c < arg.Length; c++)
            {
                char option = arg[c];
                switch (option)
                {
                    case 'c':
                        noZeroCopy = true;
                        continue;
                    case 'v':
                        verbose++;
                        continue;
                    case 'L':
                        loopback = true;
                        continue;
                    case 'h':
                        stderr.WriteLine(Usage);
                        return null; // exit code 1, as usage()
                    case 'b' or 'i' or 'w':
                        break;
                    default:
                        return Fail(log, stderr, $"bad option -{option} (in '{arg}')");
                }

                // An option with a value takes the rest of this word, or else the next word.
                string? value = c + 1 < arg.Length ? arg[(c + 1)..] : i + 1 < args.Length ? args[++i] : null;
                if (value is null)
                {
                    return Fail(log, stderr, $"option -{option} requires an argument");
                }

                if (option == 'b')
                {
                    burstText = value;
                }
                else if (option == 'w')
                {
                    waitText = value;
                }
                else if (portA is null)
                {
                    portA = value;
                }
                else if (portB is null)
                {
                    portB = value;
                }
                else
                {
                    log.D("main", $"{value} ignored, already have 2 interfaces");
                }

                break;
            }
        }

        // bridge.c: positional names override -i, and a third positional word is the burst.
        if (names.Count > 3)
        {
            return Fail(log, stderr, $"too many arguments: '{names[3]}' (at most ifa, ifb and burst)");
        }

        if (names.Count > 0)
        {
            portA = names[0];
        }

        if (names.Count > 1)
        {
            portB = names[1];
        }

        if (names.Count > 2)
        {
            burstText = names[2];
        }

        if (portA is null)
        {
            return Fail(log, stderr, "missing interface: give a port with -i (e.g. -i netmap:eth0)");
        }

        int burst = BridgeOptions.DefaultBurst;
        if (burstText is not null &&
            (!int.TryParse(burstText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out burst) ||
             burst < 1 || burst > BridgeOptions.MaxBurst))
        {
            return Fail(log, stderr, $"invalid burst '{burstText}': give a number from 1 to {BridgeOptions.MaxBurst}");
        }

        int wait = BridgeOptions.DefaultWaitSeconds;
        if (waitText is not null)
        {
            wait = Atoi(waitText); // as bridge.c: "soon" waits 0 s, "5s" 5 s

            if (wait < 0 || wait > BridgeOptions.MaxWaitSeconds)
            {
                // As bridge.c (where a negative value is a huge unsigned one).
                log.D("main", $"invalid wait_link {wait}, set to {BridgeOptions.DefaultWaitSeconds}");
                wait = BridgeOptions.DefaultWaitSeconds;
            }
        }

        exitCode = 0;
        return new BridgeOptions
        {
            PortA = portA,
            PortB = portB,
            Burst = burst,
            WaitSeconds = wait,
            Verbose = verbose,
            NoZeroCopy = noZeroCopy,
            Loopback = loopback,
        };
    }

    private static BridgeOptions? Fail(DebugLog log, TextWriter stderr, string message, [CallerLineNumber] int line = 0)
    {
        log.D("main", message, line);
        stderr.WriteLine(Usage);
        return null;
    }

    /// <summary>C's <c>atoi</c>: optional white space and sign, then the leading decimal digits; 0 without any.</summary>
    internal static int Atoi(string text)
    {
        int i = 0;
        while (i < text.Length && text[i] is ' ' or '\t' or '\n' or '\v' or '\f' or '\r')
        {
            i++;
        }

        bool negative = false;
        if (i < text.Length && text[i] is '+' or '-')
        {
            negative = text[i] == '-';
            i++;
        }

        long value = 0;
        for (; i < text.Length && char.IsAsciiDigit(text[i]) && value <= int.MaxValue; i++)
        {
            value = (value * 10) + (text[i] - '0');
        }

        value = negative ? -value : value;
        return (int)Math.Clamp(value, int.MinValue, int.MaxValue);
    }
}
