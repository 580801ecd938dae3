/* wine-add-root: adds a certificate (PEM or DER file) to the current Wine prefix's ROOT store,
 * so that Schannel's automatic validation trusts servers issued under it.
 *   WINEPREFIX=~/.wine wine wine-add-root.exe ca.pem
 * (Built by the MinGW build as winetest/wine-add-root.exe.) */
#include <windows.h>
#include <wincrypt.h>

#include <stdio.h>
#include <stdlib.h>

static BYTE *read_file(const char *path, DWORD *len)
{
    FILE *file = fopen(path, "rb");
    BYTE *data = NULL;
    long size;

    *len = 0;
    if (!file)
        return NULL;
    if (fseek(file, 0, SEEK_END) == 0 && (size = ftell(file)) > 0 &&
        fseek(file, 0, SEEK_SET) == 0 && (data = malloc((size_t)size + 1)) &&
        fread(data, 1, (size_t)size, file) == (size_t)size) {
        data[size] = 0;
        *len = (DWORD)size;
    }
    fclose(file);
    return data;
}

int main(int argc, char **argv)
{
    BYTE *file, *der = NULL;
    DWORD len, der_len = 0;
    HCERTSTORE root = NULL;
    int status = 1;

    if (argc != 2) {
        fprintf(stderr, "usage: %s CERTIFICATE.pem|.der\n", argv[0]);
        return 2;
    }
    file = read_file(argv[1], &len);
    if (!file) {
        fprintf(stderr, "%s: cannot read\n", argv[1]);
        return 1;
    }
    /* PEM (BEGIN CERTIFICATE) or raw DER. */
    if (CryptStringToBinaryA((const char *)file, len, CRYPT_STRING_BASE64HEADER, NULL, &der_len,
                             NULL, NULL) &&
        (der = malloc(der_len)) &&
        CryptStringToBinaryA((const char *)file, len, CRYPT_STRING_BASE64HEADER, der, &der_len,
                             NULL, NULL)) {
    } else {
        free(der);
        der = file;
        der_len = len;
        file = NULL;
    }
    root = CertOpenSystemStoreA(0, "ROOT");
    if (!root) {
        fprintf(stderr, "cannot open the ROOT store (error %lu)\n", GetLastError());
        goto done;
    }
    if (!CertAddEncodedCertificateToStore(root, X509_ASN_ENCODING, der, der_len,
                                          CERT_STORE_ADD_REPLACE_EXISTING, NULL)) {
        fprintf(stderr, "%s: not added (error 0x%08lx)\n", argv[1], GetLastError());
        goto done;
    }
    printf("%s: added to the ROOT store\n", argv[1]);
    status = 0;
done:
    if (root)
        CertCloseStore(root, 0);
    free(file);
    free(der);
    return status;
}
