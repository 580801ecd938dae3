/* SecBufferDesc helpers (see sspi_buffers.h). */
#include "sspi_buffers.h"

int sspi_find_buffer(const SecBufferDesc *desc, ULONG type, ULONG start)
{
    ULONG i;
    if (!sspi_desc_usable(desc))
        return -1;
    for (i = start; i < desc->cBuffers; i++)
        if (sspi_buffer_type(&desc->pBuffers[i]) == type)
            return (int)i;
    return -1;
}

ULONG sspi_count_buffers(const SecBufferDesc *desc, ULONG type)
{
    ULONG i, count = 0;
    if (!sspi_desc_usable(desc))
        return 0;
    for (i = 0; i < desc->cBuffers; i++)
        if (sspi_buffer_type(&desc->pBuffers[i]) == type)
            count++;
    return count;
}
