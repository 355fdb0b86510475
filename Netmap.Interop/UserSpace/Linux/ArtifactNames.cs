namespace Netmap.Interop.UserSpace.Linux;

/// <summary>How everything an interface port installs in the kernel is recognised (at close and after a crash).</summary>
internal static class ArtifactNames
{
    /// <summary>Prefix of the TAP devices.</summary>
    public const string Prefix = "nmus-";

    /// <summary>The tc filter priority of the egress redirect on the interface: "nm" in ASCII.</summary>
    public const int FilterPriority = 0x6e6d;
}
