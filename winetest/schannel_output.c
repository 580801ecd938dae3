/* The client's first InitializeSecurityContext and its output buffers: zero-sized TOKEN and
 * ALERT buffers without ALLOCATE_MEMORY, a provider allocation replacing the caller's pointer,
 * an ALERT buffer zeroed on success, and a NULL TOKEN pointer allocated for the caller. */
#include "schannel_util.h"

#include <stdlib.h>
#include <string.h>

#define BUF_SIZE 8192

static void test_output_buffer_size(DWORD protocols, DWORD flags, ULONG req)
{
    CredHandle cred;
    CtxtHandle ctx;
    SecBuffer in_buf = {0, SECBUFFER_EMPTY, NULL}, out_buf[4];
    SecBufferDesc in_desc = {SECBUFFER_VERSION, 1, &in_buf};
    SecBufferDesc out_desc = {SECBUFFER_VERSION, 4, out_buf};
    unsigned char *buf = malloc(BUF_SIZE), *buf2 = malloc(BUF_SIZE);
    ULONG attrs;
    SECURITY_STATUS status;
    int i;

    status = loop_acquire(&cred, SECPKG_CRED_OUTBOUND, NULL, protocols, flags);
    ok_status(status, SEC_E_OK, "outbound credential");
    if (status != SEC_E_OK)
        goto done;

    for (i = 0; i < 2; i++) {
        SecBuffer *target = &out_buf[i];
        winetest_push_context("%s", i ? "alert" : "token");
        memset(out_buf, 0, sizeof(out_buf));
        out_buf[0].BufferType = SECBUFFER_TOKEN;
        out_buf[0].cbBuffer = BUF_SIZE;
        out_buf[0].pvBuffer = buf;
        if (i) {
            target->BufferType = SECBUFFER_ALERT;
            target->pvBuffer = buf2;
        }
        target->cbBuffer = 0;
        status = InitializeSecurityContextA(&cred, NULL, (SEC_CHAR *)"localhost", req, 0, 0,
                                            &in_desc, 0, &ctx, &out_desc, &attrs, NULL);
        ok_status(status, SEC_E_INSUFFICIENT_MEMORY, "zero-sized target, no ALLOCATE_MEMORY");
        if (status == SEC_E_OK || status == SEC_I_CONTINUE_NEEDED)
            DeleteSecurityContext(&ctx);

        if (i) {
            out_buf[0].cbBuffer = BUF_SIZE;
            out_buf[0].pvBuffer = (void *)(ULONG_PTR)DEADBEEF;
            target->cbBuffer = 0;
            target->pvBuffer = NULL;
            status = InitializeSecurityContextA(&cred, NULL, (SEC_CHAR *)"localhost",
                                                req | ISC_REQ_ALLOCATE_MEMORY, 0, 0, &in_desc, 0,
                                                &ctx, &out_desc, &attrs, NULL);
            ok_status(status, SEC_I_CONTINUE_NEEDED, "ALLOCATE_MEMORY");
            ok(out_buf[0].pvBuffer != (void *)(ULONG_PTR)DEADBEEF,
               "the caller's pointer was kept with ALLOCATE_MEMORY\n");
            if (status == SEC_I_CONTINUE_NEEDED) {
                ok(attrs & ISC_RET_ALLOCATED_MEMORY, "attrs 0x%08lx lack ALLOCATED_MEMORY\n",
                   (unsigned long)attrs);
                ok_status(FreeContextBuffer(out_buf[0].pvBuffer), SEC_E_OK, "free token");
                ok_status(FreeContextBuffer(target->pvBuffer), SEC_E_OK, "free alert");
                DeleteSecurityContext(&ctx);
            }
        }

        target->cbBuffer = BUF_SIZE;
        target->pvBuffer = i ? buf2 : buf;
        if (i) {
            out_buf[0].cbBuffer = BUF_SIZE;
            out_buf[0].pvBuffer = buf;
        }
        status = InitializeSecurityContextA(&cred, NULL, (SEC_CHAR *)"localhost", req, 0, 0,
                                            &in_desc, 0, &ctx, &out_desc, &attrs, NULL);
        ok_status(status, SEC_I_CONTINUE_NEEDED, "sized target");
        if (status == SEC_I_CONTINUE_NEEDED) {
            ok(out_buf[0].BufferType == SECBUFFER_TOKEN && out_buf[0].cbBuffer > 5 &&
                   out_buf[0].cbBuffer < BUF_SIZE,
               "token type %lu size %lu\n", (unsigned long)out_buf[0].BufferType,
               (unsigned long)out_buf[0].cbBuffer);
            ok(buf[0] == 0x16, "the ClientHello record starts with 0x%02x\n", buf[0]);
            if (i)
                ok(target->BufferType == SECBUFFER_ALERT && target->cbBuffer == 0,
                   "alert type %lu size %lu, expected ALERT of 0\n",
                   (unsigned long)target->BufferType, (unsigned long)target->cbBuffer);
            DeleteSecurityContext(&ctx);
        }
        winetest_pop_context();
    }
    FreeCredentialsHandle(&cred);
done:
    free(buf);
    free(buf2);
}

static void test_InitializeSecurityContext(void)
{
    CredHandle cred;
    CtxtHandle ctx;
    SecBuffer in_buf = {0, SECBUFFER_EMPTY, NULL}, out_buf = {1000, SECBUFFER_TOKEN, NULL};
    SecBufferDesc in_desc = {SECBUFFER_VERSION, 1, &in_buf};
    SecBufferDesc out_desc = {SECBUFFER_VERSION, 1, &out_buf};
    ULONG attrs;
    SECURITY_STATUS status;

    status = loop_acquire(&cred, SECPKG_CRED_OUTBOUND, NULL, SP_PROT_TLS1_CLIENT,
                          SCH_CRED_NO_DEFAULT_CREDS | SCH_CRED_MANUAL_CRED_VALIDATION);
    ok_status(status, SEC_E_OK, "outbound TLS 1.0 credential");
    if (status != SEC_E_OK)
        return;
    status = InitializeSecurityContextA(&cred, NULL, (SEC_CHAR *)"localhost",
                                        ISC_REQ_CONFIDENTIALITY | ISC_REQ_STREAM |
                                            ISC_REQ_ALLOCATE_MEMORY,
                                        0, 0, &in_desc, 0, &ctx, &out_desc, &attrs, NULL);
    ok_status(status, SEC_I_CONTINUE_NEEDED, "first call, NULL token allocated");
    if (status == SEC_I_CONTINUE_NEEDED) {
        ok(out_buf.pvBuffer != NULL && out_buf.cbBuffer > 0, "token %p size %lu\n",
           out_buf.pvBuffer, (unsigned long)out_buf.cbBuffer);
        ok(attrs == (ISC_RET_REPLAY_DETECT | ISC_RET_SEQUENCE_DETECT | ISC_RET_CONFIDENTIALITY |
                     ISC_RET_STREAM | ISC_RET_ALLOCATED_MEMORY),
           "attrs 0x%08lx, expected 0x811c\n", (unsigned long)attrs);
        FreeContextBuffer(out_buf.pvBuffer);
        DeleteSecurityContext(&ctx);
    }
    FreeCredentialsHandle(&cred);
}

START_TEST(schannel_output)
{
    test_output_buffer_size(SP_PROT_TLS1_CLIENT,
                            SCH_CRED_NO_DEFAULT_CREDS | SCH_CRED_MANUAL_CRED_VALIDATION,
                            ISC_REQ_CONFIDENTIALITY | ISC_REQ_STREAM);
    test_output_buffer_size(0, SCH_CRED_NO_DEFAULT_CREDS | SCH_CRED_MANUAL_CRED_VALIDATION,
                            ISC_REQ_CONFIDENTIALITY | ISC_REQ_STREAM);
    test_InitializeSecurityContext();
}
