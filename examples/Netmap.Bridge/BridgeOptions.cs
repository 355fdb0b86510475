namespace Netmap.Bridge;

/// <summary>What the command line asked for (bridge.c's globals and locals of main).</summary>
internal sealed record BridgeOptions
{
    /// <summary>bridge.c's defaults: burst 1024, 4 s for the link (the man page says 2; the code says 4).</summary>
    public const int DefaultBurst = 1024;
    public const int MaxBurst = 8192;
    public const int DefaultWaitSeconds = 4;
    public const int MaxWaitSeconds = 100;

    /// <summary>Endpoint A (<c>-i</c> or the first positional name), as given.</summary>
    public required string PortA { get; init; }

    /// <summary>Endpoint B as given; null when missing (then A's name is used, as in bridge.c).</summary>
    public string? PortB { get; init; }

    public int Burst { get; init; } = DefaultBurst;

    public int WaitSeconds { get; init; } = DefaultWaitSeconds;

    /// <summary>Number of <c>-v</c>: 1 logs every poll and move, 2 also every slot.</summary>
    public int Verbose { get; init; }

    /// <summary><c>-c</c>: copy bytes even where buffers could be swapped.</summary>
    public bool NoZeroCopy { get; init; }

    /// <summary><c>-L</c>: with one name, bind the same rings twice and reflect traffic instead of using the host rings.</summary>
    public bool Loopback { get; init; }
}
