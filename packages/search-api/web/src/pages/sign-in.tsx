import { useState } from 'preact/hooks';

/** Sign in with an API token (the demo link signs in by itself: `/?token=…`). */
export function SignIn({ onToken, message }: { onToken: (token: string) => void; message?: string | undefined }) {
  const [token, setToken] = useState('');
  return (
    <main id="main" class="sign-in">
      <h1>Sign in to onscreen</h1>
      <p class="muted">Paste your API token. It is kept for this browser tab only.</p>
      {message && (
        <p class="alert alert-error" role="alert">
          {message}
        </p>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (token.trim() !== '') onToken(token.trim());
        }}
      >
        <label class="field">
          <span>Token</span>
          <input type="password" name="token" autoComplete="off" required value={token} onInput={(e) => setToken(e.currentTarget.value)} />
        </label>
        <button type="submit" class="button button-primary">
          Sign in
        </button>
      </form>
    </main>
  );
}
