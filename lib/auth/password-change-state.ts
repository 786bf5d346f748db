// What the change-password form shows after a submission (no "use server": a server-action file exports only
// async functions, and the browser form imports this type).
export type PasswordChangeState = {
  done?: boolean;
  error?: string;
  fieldErrors?: Partial<Record<"currentPassword" | "newPassword" | "confirmPassword", string>>;
};
