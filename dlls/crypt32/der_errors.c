/* Which Windows ASN.1 error a certificate that failed to decode deserves: crypt32 reports a
 * wrong outer tag as CRYPT_E_ASN1_BADTAG and truncated input as CRYPT_E_ASN1_EOD. */
#include "crypt32_private.h"

DWORD crypt32_der_error(const BYTE *data, DWORD size)
{
    DWORD length, header = 2, i, count;

    if (!data || size < 2)
        return CRYPT_E_ASN1_EOD;
    if (data[0] != 0x30)
        return CRYPT_E_ASN1_BADTAG;
    length = data[1];
    if (length & 0x80) {
        count = length & 0x7F;
        if (count == 0 || count > 4)
            return CRYPT_E_ASN1_CORRUPT;
        if (size < 2 + count)
            return CRYPT_E_ASN1_EOD;
        length = 0;
        for (i = 0; i < count; i++)
            length = (length << 8) | data[2 + i];
        header += count;
    }
    if ((ULONGLONG)header + length > size)
        return CRYPT_E_ASN1_EOD;
    return CRYPT_E_ASN1_CORRUPT;
}
