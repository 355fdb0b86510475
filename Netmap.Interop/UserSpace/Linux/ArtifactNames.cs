namespace Netmap.Interop.UserSpace.Linux;

/// <summary>How everything an interface port installs in the kernel is recognised.</summary>
internal static class ArtifactNames
{
    /// <summary>Prefix of the TAP devices.</summary>
    public const string Prefix = "nmus-";
}
