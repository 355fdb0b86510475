namespace Netmap.Interop.UserSpace;

/// <summary>errno values the user-space netmap needs that netmap itself never returns.</summary>
internal static class UserSpaceErrno
{
    /// <summary>EBADF: a handle that is closed or belongs to another backend.</summary>
    public const int EBADF = 9;

    /// <summary>ESTALE: a region file another build laid out (other table sizes); never read, never returned to callers.</summary>
    public const int ESTALE = 116;
}
