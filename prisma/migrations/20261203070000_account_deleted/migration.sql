-- AlterEnum
-- An account was deleted (by its owner or by an admin). The record holds who did it and whose account it was,
-- never the person's content. Earlier records about the account stay as they are (the log is append-only).
ALTER TYPE "AuditAction" ADD VALUE 'ACCOUNT_DELETED';
