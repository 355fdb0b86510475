namespace Netmap.Interop.Native;

/// <summary>libc entry points, one per file (the dotnet/runtime Interop folder style). Each sets errno.</summary>
internal static partial class Libc
{
    internal const string Library = "libc";
}
