/* Where the library finds the service and how it behaves: an ini file and environment variables. */
#include "legacy.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef _WIN32
#include <windows.h>
#else
#include <dlfcn.h>
#endif

#define INI_NAME "cardbridge-legacy.ini"
#define LOG_NAME "cardbridge-legacy.log"

/* The directory this library was loaded from, with its separator; "" when unknown. */
static void library_directory(char *out, size_t size)
{
    out[0] = '\0';
#ifdef _WIN32
    HMODULE module = NULL;
    char path[MAX_PATH];
    if (GetModuleHandleExA(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                           (LPCSTR)(void *)&library_directory, &module)
        && GetModuleFileNameA(module, path, sizeof path) > 0)
    {
        char *slash = strrchr(path, '\\');
        if (slash != NULL && (size_t)(slash - path + 1) < size)
        {
            memcpy(out, path, (size_t)(slash - path + 1));
            out[slash - path + 1] = '\0';
        }
    }
#else
    Dl_info info;
    if (dladdr((void *)&library_directory, &info) != 0 && info.dli_fname != NULL)
    {
        const char *slash = strrchr(info.dli_fname, '/');
        if (slash != NULL && (size_t)(slash - info.dli_fname + 1) < size)
        {
            memcpy(out, info.dli_fname, (size_t)(slash - info.dli_fname + 1));
            out[slash - info.dli_fname + 1] = '\0';
        }
    }
#endif
}

static void copy(char *out, size_t size, const char *text)
{
    snprintf(out, size, "%s", text);
}

static char *trim(char *text)
{
    while (isspace((unsigned char)*text))
    {
        text++;
    }
    size_t length = strlen(text);
    while (length > 0 && isspace((unsigned char)text[length - 1]))
    {
        text[--length] = '\0';
    }
    return text;
}

static int number(const char *text, int fallback, int low, int high)
{
    char *end;
    long value = strtol(text, &end, 10);
    return (*text != '\0' && *end == '\0' && value >= low && value <= high) ? (int)value : fallback;
}

/* "Reader A;Reader B" into names (not strtok: a program may call from several threads at once). */
static int reader_list(const char *text, char names[][CB_MAX_NAME])
{
    int count = 0;
    while (*text != '\0' && count < CB_MAX_READERS)
    {
        size_t length = strcspn(text, ";");
        char part[CB_MAX_NAME];
        snprintf(part, sizeof part, "%.*s", (int)(length < sizeof part ? length : sizeof part - 1), text);
        char *name = trim(part);
        if (*name != '\0')
        {
            copy(names[count++], CB_MAX_NAME, name);
        }
        text += length + (text[length] == ';' ? 1 : 0);
    }
    return count;
}

static void endpoint(cb_config *config, const char *text)
{
    char host[64];
    copy(host, sizeof host, text);
    char *colon = strrchr(host, ':');
    if (colon != NULL)
    {
        *colon = '\0';
        config->port = number(colon + 1, config->port, 1, 65535);
    }
    copy(config->host, sizeof config->host, strcmp(host, "localhost") == 0 ? "127.0.0.1" : host);
}

static void apply(cb_config *config, const char *section, const char *key, const char *value)
{
    if (strcmp(section, "service") == 0)
    {
        if (strcmp(key, "endpoint") == 0) endpoint(config, value);
        else if (strcmp(key, "api_key") == 0) copy(config->api_key, sizeof config->api_key, value);
        else if (strcmp(key, "connect_timeout_ms") == 0) config->connect_timeout_ms = number(value, config->connect_timeout_ms, 1, 60000);
        else if (strcmp(key, "timeout_ms") == 0) config->timeout_ms = number(value, config->timeout_ms, 1, 600000);
        else if (strcmp(key, "pin_timeout_ms") == 0) config->pin_timeout_ms = number(value, config->pin_timeout_ms, 1, 600000);
        else if (strcmp(key, "purpose") == 0) copy(config->purpose, sizeof config->purpose, value);
    }
    else if (strcmp(section, "readers") == 0)
    {
        if (strcmp(key, "contact") == 0) config->contact_count = reader_list(value, config->contact);
        else if (strcmp(key, "contactless") == 0) config->contactless_count = reader_list(value, config->contactless);
    }
    else if (strcmp(section, "pin") == 0)
    {
        if (strcmp(key, "entry") == 0) config->pin_from_caller = strcmp(value, "caller") == 0;
        else if (strcmp(key, "reload_pin") == 0) copy(config->reload_pin, sizeof config->reload_pin, value);
    }
    else if (strcmp(section, "output") == 0 && strcmp(key, "limit") == 0)
    {
        config->output_limit = (size_t)number(value, (int)config->output_limit, 64, 65536);
    }
    else if (strcmp(section, "log") == 0 && strcmp(key, "path") == 0)
    {
        copy(config->log_path, sizeof config->log_path, value);
    }
}

/* Reads the ini at path; 0 when there was one. */
static int read_ini(cb_config *config, const char *path)
{
    FILE *file = fopen(path, "r");
    if (file == NULL)
    {
        return -1;
    }
    char line[4096];
    char section[32] = "";
    while (fgets(line, sizeof line, file) != NULL)
    {
        char *text = trim(line);
        if (*text == ';' || *text == '#' || *text == '\0')
        {
            continue;
        }
        if (*text == '[')
        {
            char *end = strchr(text, ']');
            if (end != NULL)
            {
                *end = '\0';
                copy(section, sizeof section, trim(text + 1));
            }
            continue;
        }
        char *equals = strchr(text, '=');
        if (equals != NULL)
        {
            *equals = '\0';
            apply(config, section, trim(text), trim(equals + 1));
        }
    }
    fclose(file);
    return 0;
}

void cb_config_load(cb_config *config)
{
    memset(config, 0, sizeof *config);
    copy(config->host, sizeof config->host, "127.0.0.1");
    config->port = 50052;
    config->connect_timeout_ms = 1000;
    config->timeout_ms = 10000;
    config->pin_timeout_ms = 90000;
    copy(config->purpose, sizeof config->purpose, "legacy reader interface");
    copy(config->reload_pin, sizeof config->reload_pin, "123456");
    config->output_limit = 1024;

    char directory[1000];
    library_directory(directory, sizeof directory);
    char path[1280];
    const char *ini = getenv("CARDBRIDGE_LEGACY_INI");
    snprintf(path, sizeof path, "%s%s", directory, INI_NAME);
    if (ini != NULL && *ini != '\0')
    {
        read_ini(config, ini);
    }
    else if (read_ini(config, path) != 0)
    {
#ifndef _WIN32
        /* The installed library (/opt/cardbridge/legacy) is replaced on upgrade: its ini is in /etc/opt (FHS). */
        read_ini(config, "/etc/opt/cardbridge/" INI_NAME);
#endif
    }

    const char *value;
    if ((value = getenv("CARDBRIDGE_LEGACY_ENDPOINT")) != NULL && *value != '\0') endpoint(config, value);
    if ((value = getenv("CARDBRIDGE_LEGACY_API_KEY")) != NULL && *value != '\0') copy(config->api_key, sizeof config->api_key, value);
    if ((value = getenv("CARDBRIDGE_LEGACY_LOG")) != NULL && *value != '\0') copy(config->log_path, sizeof config->log_path, value);
    if (config->log_path[0] == '\0')
    {
        snprintf(config->log_path, sizeof config->log_path, "%s%s", directory, LOG_NAME);
    }
}
