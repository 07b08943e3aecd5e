'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';

/** While a computation runs, the page refreshes itself until the new figures arrive. */
export function StatsRefresher({ running }: { running: boolean }) {
  const router = useRouter();
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => router.refresh(), 1000);
    return () => clearInterval(timer);
  }, [running, router]);
  return null;
}
