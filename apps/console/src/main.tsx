import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { LangProvider } from './lang';
import { Router } from './router';
import { SessionProvider } from './session';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <LangProvider>
      <SessionProvider>
        <Router>
          <App />
        </Router>
      </SessionProvider>
    </LangProvider>
  </StrictMode>,
);
