namespace Netmap.Interop;

/// <summary>API version numbers and fixed sizes from <c>net/netmap.h</c>.</summary>
public static class NetmapApi
{
    /// <summary><c>NETMAP_API</c>: the version this binding speaks; written to <c>nmreq_header.nr_version</c>.</summary>
    [NativeName("NETMAP_API")] public const ushort Version = 14;

    /// <summary><c>NETMAP_MIN_API</c>: the oldest version the kernel accepts.</summary>
    [NativeName("NETMAP_MIN_API")] public const ushort MinVersion = 14;

    /// <summary><c>NETMAP_MAX_API</c>: the newest version the kernel accepts.</summary>
    [NativeName("NETMAP_MAX_API")] public const ushort MaxVersion = 15;

    /// <summary><c>NETMAP_REQ_IFNAMSIZ</c>: size of <c>nmreq_header.nr_name</c>, including the terminating NUL.</summary>
    [NativeName("NETMAP_REQ_IFNAMSIZ")] public const int ReqIfNameSize = 64;

    /// <summary><c>IFNAMSIZ</c>: size of <c>netmap_if.ni_name</c>.</summary>
    [NativeName("IFNAMSIZ")] public const int IfNameSize = 16;

    /// <summary><c>NETMAP_REQ_MAXSIZE</c>: body plus options may not exceed this many bytes (else EMSGSIZE).</summary>
    [NativeName("NETMAP_REQ_MAXSIZE")] public const int ReqMaxSize = 4096;

    /// <summary><c>NM_CACHE_ALIGN</c>: alignment of <c>netmap_ring.sem</c>, which makes the ring header 256 bytes.</summary>
    [NativeName("NM_CACHE_ALIGN")] public const int CacheAlign = 128;

    /// <summary><c>NETMAP_MAX_FRAGS</c>: the most slots one packet may span with NS_MOREFRAG.</summary>
    [NativeName("NETMAP_MAX_FRAGS")] public const int MaxFragments = 64;

    /// <summary><c>NETMAP_DEVICE_NAME</c>: the control device.</summary>
    [NativeName("NETMAP_DEVICE_NAME")] public const string DeviceName = "/dev/netmap";

    /// <summary><c>NM_BDG_NAME</c>: the prefix of VALE switch port names.</summary>
    [NativeName("NM_BDG_NAME")] public const string ValePrefix = "vale";
}
