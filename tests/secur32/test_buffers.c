/* Descriptor helpers and Schannel's descriptor rules (schannel_input.c). */
#include "schannel_input.h"
#include "platform.h"
#include "sspi_buffers.h"

#include <criterion/criterion.h>
#include <string.h>

static SecBuffer bufs[6];
static SecBufferDesc desc;

static void set_desc(ULONG count)
{
    desc.ulVersion = SECBUFFER_VERSION;
    desc.cBuffers = count;
    desc.pBuffers = bufs;
}

static void set_buf(int i, ULONG type, ULONG size, void *data)
{
    bufs[i].BufferType = type;
    bufs[i].cbBuffer = size;
    bufs[i].pvBuffer = data;
}

static void reset(void)
{
    memset(bufs, 0, sizeof(bufs));
    memset(&desc, 0, sizeof(desc));
}

TestSuite(buffers, .init = reset);

Test(buffers, find_ignores_attribute_bits)
{
    set_desc(3);
    set_buf(0, SECBUFFER_EMPTY, 0, NULL);
    set_buf(1, SECBUFFER_TOKEN | SECBUFFER_READONLY, 4, "abcd");
    set_buf(2, SECBUFFER_TOKEN, 0, NULL);
    cr_assert_eq(sspi_find_buffer(&desc, SECBUFFER_TOKEN, 0), 1);
    cr_assert_eq(sspi_find_buffer(&desc, SECBUFFER_TOKEN, 2), 2);
    cr_assert_eq(sspi_find_buffer(&desc, SECBUFFER_DATA, 0), -1);
    cr_assert_eq(sspi_count_buffers(&desc, SECBUFFER_TOKEN), 2);
    cr_assert_eq(sspi_find_buffer(NULL, SECBUFFER_TOKEN, 0), -1);
    desc.pBuffers = NULL;
    cr_assert_not(sspi_desc_usable(&desc));
    cr_assert_eq(sspi_count_buffers(&desc, SECBUFFER_TOKEN), 0);
}

Test(buffers, output_checks)
{
    cr_assert_eq(schannel_check_output(NULL, 1), SEC_E_INVALID_TOKEN);
    set_desc(0);
    cr_assert_eq(schannel_check_output(&desc, 1), SEC_E_INVALID_TOKEN);
    set_desc(2);
    set_buf(0, SECBUFFER_TOKEN, 0, NULL);
    set_buf(1, SECBUFFER_EMPTY, 0, NULL);
    cr_assert_eq(schannel_check_output(&desc, 0), SEC_E_INSUFFICIENT_MEMORY);
    cr_assert_eq(schannel_check_output(&desc, 1), SEC_E_OK);
    set_buf(0, SECBUFFER_TOKEN, 100, NULL);
    set_buf(1, SECBUFFER_ALERT, 0, NULL);
    cr_assert_eq(schannel_check_output(&desc, 0), SEC_E_INSUFFICIENT_MEMORY);
    set_buf(1, SECBUFFER_EMPTY, 0, NULL);
    cr_assert_eq(schannel_check_output(&desc, 0), SEC_E_OK);
}

Test(buffers, handshake_input_missing_counts)
{
    unsigned char record[16] = {0x16, 0x03, 0x03, 0x00, 0x06};
    size_t complete = 0;
    int token = -1;

    set_desc(2);
    set_buf(0, SECBUFFER_TOKEN, 0, record);
    set_buf(1, SECBUFFER_EMPTY, 0, NULL);
    cr_assert_eq(schannel_check_handshake_input(&desc, 5, &token, &complete),
                 SEC_E_INCOMPLETE_MESSAGE);
    cr_assert_eq(bufs[1].BufferType, SECBUFFER_MISSING);
    cr_assert_eq(bufs[1].cbBuffer, 5, "an empty token lacks a whole header");

    set_buf(0, SECBUFFER_TOKEN, 4, record);
    set_buf(1, SECBUFFER_EMPTY, 0, NULL);
    cr_assert_eq(schannel_check_handshake_input(&desc, 5, &token, &complete),
                 SEC_E_INCOMPLETE_MESSAGE);
    cr_assert_eq(bufs[1].cbBuffer, 1);

    set_buf(0, SECBUFFER_TOKEN, 7, record);
    set_buf(1, SECBUFFER_EMPTY, 0, NULL);
    cr_assert_eq(schannel_check_handshake_input(&desc, 5, &token, &complete),
                 SEC_E_INCOMPLETE_MESSAGE);
    cr_assert_eq(bufs[1].cbBuffer, 4, "the rest of the first record");
    cr_assert_eq(bufs[0].BufferType, SECBUFFER_TOKEN, "the token is left alone");
}

Test(buffers, handshake_input_complete_records)
{
    /* One 6-byte record followed by 3 bytes of the next one. */
    unsigned char data[14] = {0x16, 0x03, 0x03, 0x00, 0x01, 0xAA, 0x16, 0x03, 0x03};
    size_t complete = 0;
    int token = -1;

    set_desc(2);
    set_buf(0, SECBUFFER_TOKEN, 9, data);
    set_buf(1, SECBUFFER_EMPTY, 0, NULL);
    cr_assert_eq(schannel_check_handshake_input(&desc, 5, &token, &complete), SEC_E_OK);
    cr_assert_eq(token, 0);
    cr_assert_eq(complete, 6);
    cr_assert_eq(schannel_report_extra(&desc, token, complete), SEC_E_OK);
    cr_assert_eq(bufs[1].BufferType, SECBUFFER_EXTRA);
    cr_assert_eq(bufs[1].cbBuffer, 3);
}

Test(buffers, handshake_input_errors)
{
    size_t complete = 0;
    int token = -1;

    set_desc(2);
    set_buf(0, SECBUFFER_TOKEN, 5, "\x16\x03\x03\x00\x00");
    set_buf(1, SECBUFFER_EMPTY, 3, NULL);
    cr_assert_eq(schannel_check_handshake_input(&desc, 5, &token, &complete), SEC_E_INVALID_TOKEN,
                 "an EMPTY buffer with a size");
    set_buf(0, SECBUFFER_DATA, 5, "\x16\x03\x03\x00\x00");
    set_buf(1, SECBUFFER_EMPTY, 0, NULL);
    cr_assert_eq(schannel_check_handshake_input(&desc, 5, &token, &complete),
                 SEC_E_INCOMPLETE_MESSAGE, "no TOKEN buffer");
    cr_assert_eq(bufs[1].BufferType, SECBUFFER_EMPTY, "no MISSING without a token");
    desc.pBuffers = NULL;
    cr_assert_eq(schannel_check_handshake_input(&desc, 5, &token, &complete), SEC_E_INVALID_TOKEN);
    cr_assert_eq(schannel_check_handshake_input(NULL, 5, &token, &complete),
                 SEC_E_INCOMPLETE_MESSAGE);
}

/* A count far beyond the array behind pBuffers is refused before any buffer is read (under
 * ASan a read past the two buffers here would be reported). */
Test(buffers, huge_counts_refused_unread)
{
    SecBuffer pair[2] = {{5, SECBUFFER_TOKEN, (void *)"\x16\x03\x03\x00\x00"},
                         {0, SECBUFFER_EMPTY, NULL}};
    SecBufferDesc huge = {SECBUFFER_VERSION, SSPI_MAX_BUFFERS + 1, pair};
    size_t complete = 0;
    int token = -1;

    cr_assert_eq(schannel_check_handshake_input(&huge, 5, &token, &complete), SEC_E_INVALID_TOKEN);
    cr_assert_eq(schannel_check_output(&huge, 1), SEC_E_INVALID_TOKEN);
    huge.cBuffers = 0xffffffff;
    cr_assert_eq(schannel_check_handshake_input(&huge, 5, &token, &complete), SEC_E_INVALID_TOKEN);
    cr_assert_eq(schannel_check_output(&huge, 1), SEC_E_INVALID_TOKEN);
    cr_assert_eq(pair[0].BufferType, SECBUFFER_TOKEN, "nothing written");
    cr_assert_eq(pair[1].BufferType, SECBUFFER_EMPTY, "nothing written");
}

Test(buffers, dtls_header_size)
{
    unsigned char data[13] = {0x16, 0xfe, 0xfd};
    size_t complete = 0;
    int token = -1;

    data[11] = 0x00;
    data[12] = 0x10;
    set_desc(2);
    set_buf(0, SECBUFFER_TOKEN, 13, data);
    set_buf(1, SECBUFFER_EMPTY, 0, NULL);
    cr_assert_eq(schannel_check_handshake_input(&desc, 13, &token, &complete),
                 SEC_E_INCOMPLETE_MESSAGE);
    cr_assert_eq(bufs[1].cbBuffer, 16);
}

Test(buffers, extra_needs_an_empty_second_buffer)
{
    set_desc(1);
    set_buf(0, SECBUFFER_TOKEN, 10, "0123456789");
    cr_assert_eq(schannel_report_extra(&desc, 0, 4), SEC_E_INVALID_TOKEN);
    cr_assert_eq(schannel_report_extra(&desc, 0, 10), SEC_E_OK, "all consumed");
    set_desc(2);
    set_buf(1, SECBUFFER_DATA, 0, NULL);
    cr_assert_eq(schannel_report_extra(&desc, 0, 4), SEC_E_INVALID_TOKEN);
}

Test(buffers, put_output)
{
    unsigned char caller[4];
    unsigned char *data;
    int allocated = 0;

    /* Allocation requested: the caller's pointer is replaced. */
    set_desc(2);
    set_buf(0, SECBUFFER_TOKEN, 4, caller);
    data = platform_buffer_alloc(3);
    memcpy(data, "abc", 3);
    cr_assert_eq(schannel_put_output(&desc, 1, data, 3, &allocated), SEC_E_OK);
    cr_assert(allocated);
    cr_assert_eq(bufs[0].pvBuffer, data);
    cr_assert_eq(bufs[0].cbBuffer, 3);
    platform_buffer_free(data);

    /* Caller memory, large enough. */
    set_buf(0, SECBUFFER_TOKEN, 4, caller);
    data = platform_buffer_alloc(3);
    memcpy(data, "xyz", 3);
    cr_assert_eq(schannel_put_output(&desc, 0, data, 3, &allocated), SEC_E_OK);
    cr_assert_not(allocated);
    cr_assert_eq(bufs[0].pvBuffer, caller);
    cr_assert_eq(memcmp(caller, "xyz", 3), 0);

    /* Too small. */
    set_buf(0, SECBUFFER_TOKEN, 2, caller);
    data = platform_buffer_alloc(3);
    cr_assert_eq(schannel_put_output(&desc, 0, data, 3, &allocated), SEC_E_BUFFER_TOO_SMALL);

    /* No TOKEN: the first EMPTY buffer becomes the token; NULL pvBuffer means allocate. */
    set_buf(0, SECBUFFER_ALERT, 0, NULL);
    set_buf(1, SECBUFFER_EMPTY, 0, NULL);
    data = platform_buffer_alloc(1);
    cr_assert_eq(schannel_put_output(&desc, 0, data, 1, &allocated), SEC_E_OK);
    cr_assert_eq(bufs[1].BufferType, SECBUFFER_TOKEN);
    cr_assert_eq(bufs[1].pvBuffer, data);
    platform_buffer_free(data);
}

Test(buffers, context_attr)
{
    cr_assert_eq(schannel_context_attr(0, 0), 0x801C);
    cr_assert_eq(schannel_context_attr(0, ISC_REQ_ALLOCATE_MEMORY | ISC_REQ_CONFIDENTIALITY |
                                              ISC_REQ_INTEGRITY | ISC_REQ_MANUAL_CRED_VALIDATION),
                 0x801C | 0x100 | 0x80000, "INTEGRITY is not granted");
    cr_assert_eq(schannel_context_attr(1, 0), 0x1001C);
    cr_assert_eq(schannel_context_attr(1, ASC_REQ_ALLOCATE_MEMORY | ASC_REQ_EXTENDED_ERROR),
                 0x1001C | 0x100 | 0x8000);
}

Test(buffers, control_token)
{
    DWORD type = 99, shutdown = SCHANNEL_SHUTDOWN;
    const SecBuffer *token = NULL;

    cr_assert_eq(schannel_parse_control_token(NULL, &type, &token), SEC_E_INTERNAL_ERROR);
    set_desc(2);
    set_buf(0, SECBUFFER_TOKEN, 4, &shutdown);
    cr_assert_eq(schannel_parse_control_token(&desc, &type, &token), SEC_E_INVALID_TOKEN);
    set_desc(1);
    set_buf(0, SECBUFFER_ALERT, 4, &shutdown);
    cr_assert_eq(schannel_parse_control_token(&desc, &type, &token), SEC_E_INVALID_TOKEN);
    set_buf(0, SECBUFFER_TOKEN, 3, &shutdown);
    cr_assert_eq(schannel_parse_control_token(&desc, &type, &token), SEC_E_UNSUPPORTED_FUNCTION);
    set_buf(0, SECBUFFER_TOKEN, 4, &shutdown);
    cr_assert_eq(schannel_parse_control_token(&desc, &type, &token), SEC_E_OK);
    cr_assert_eq(type, SCHANNEL_SHUTDOWN);
    cr_assert_eq(token, &bufs[0]);
}

Test(buffers, decrypt_descriptor)
{
    schannel_decrypt_layout layout;

    set_desc(4);
    set_buf(0, SECBUFFER_DATA, 10, "0123456789");
    cr_assert_eq(schannel_check_decrypt_desc(&desc, &layout), SEC_E_OK);
    cr_assert_eq(layout.data, 0);
    cr_assert(layout.empty[0] == 1 && layout.empty[1] == 2 && layout.empty[2] == 3);
    set_desc(3);
    cr_assert_eq(schannel_check_decrypt_desc(&desc, &layout), SEC_E_INVALID_TOKEN,
                 "too few buffers");
    set_desc(4);
    set_buf(1, SECBUFFER_DATA, 0, NULL);
    cr_assert_eq(schannel_check_decrypt_desc(&desc, &layout), SEC_E_INVALID_TOKEN, "two DATA");
    set_buf(1, SECBUFFER_EXTRA, 0, NULL);
    cr_assert_eq(schannel_check_decrypt_desc(&desc, &layout), SEC_E_INVALID_TOKEN,
                 "only two EMPTY");
    set_buf(0, SECBUFFER_EMPTY, 0, NULL);
    set_buf(1, SECBUFFER_EMPTY, 0, NULL);
    cr_assert_eq(schannel_check_decrypt_desc(&desc, &layout), SEC_E_INVALID_TOKEN, "no DATA");
    cr_assert_eq(schannel_check_decrypt_desc(NULL, &layout), SEC_E_INVALID_TOKEN);
}

/* A descriptor of `count` buffers of these types (sizes and memory do not matter here). */
static void set_types(const ULONG *types, ULONG count)
{
    ULONG i;

    set_desc(count);
    for (i = 0; i < count; i++)
        set_buf((int)i, types[i], 0, NULL);
}

Test(buffers, decrypt_layout_first_three_empty)
{
    static const ULONG types[] = {SECBUFFER_EMPTY, SECBUFFER_EXTRA,
                                  SECBUFFER_EMPTY, SECBUFFER_DATA | SECBUFFER_READONLY,
                                  SECBUFFER_EMPTY, SECBUFFER_EMPTY};
    schannel_decrypt_layout layout;

    /* The flag bits do not hide the DATA buffer; the fourth EMPTY is not used. */
    set_types(types, 6);
    cr_assert_eq(schannel_check_decrypt_desc(&desc, &layout), SEC_E_OK);
    cr_assert_eq(layout.data, 3);
    cr_assert(layout.empty[0] == 0 && layout.empty[1] == 2 && layout.empty[2] == 4);
}

Test(buffers, encrypt_descriptor)
{
    schannel_encrypt_layout layout;

    set_desc(3);
    set_buf(0, SECBUFFER_STREAM_HEADER, 5, NULL);
    set_buf(1, SECBUFFER_DATA, 10, NULL);
    set_buf(2, SECBUFFER_STREAM_TRAILER, 16, NULL);
    cr_assert_eq(schannel_check_encrypt_desc(&desc, &layout), SEC_E_OK);
    cr_assert(layout.header == 0 && layout.data == 1 && layout.trailer == 2);
    set_buf(1, SECBUFFER_EMPTY, 10, NULL);
    cr_assert_eq(schannel_check_encrypt_desc(&desc, &layout), SEC_E_INVALID_TOKEN);
    cr_assert_eq(schannel_check_encrypt_desc(NULL, &layout), SEC_E_INVALID_TOKEN);
}

Test(buffers, encrypt_layout_first_of_each_type)
{
    static const ULONG types[] = {SECBUFFER_EMPTY,
                                  SECBUFFER_DATA,
                                  SECBUFFER_STREAM_TRAILER,
                                  SECBUFFER_DATA,
                                  SECBUFFER_STREAM_TRAILER | SECBUFFER_READONLY,
                                  SECBUFFER_EMPTY};
    schannel_encrypt_layout layout;

    /* Two of each: the first one counts, as with a search from the start. A missing header is
     * left for EncryptMessage to refuse (after the context's own checks). */
    set_types(types, 6);
    cr_assert_eq(schannel_check_encrypt_desc(&desc, &layout), SEC_E_OK);
    cr_assert(layout.header == -1 && layout.data == 1 && layout.trailer == 2);
}
