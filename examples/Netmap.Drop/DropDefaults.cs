namespace Netmap.Drop;

internal static class DropDefaults
{
    /// <summary>The seed's rule (its address moved into the benchmarking range 198.18.0.0/15).</summary>
    public const string SeedRule = "-p udp --dport 4321 --dst 198.18.0.1 -j DROP";
}
