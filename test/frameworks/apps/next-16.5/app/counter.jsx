'use client'
import { useEffect, useState } from 'react'
import { where } from '../lib/where.js'

export function Counter() {
  const [hydrated, setHydrated] = useState(false)
  useEffect(() => {
    setHydrated(true)
    console.log('hydrated from', where)
  }, [])
  return <p id="where">{where}{hydrated ? ' (hydrated)' : ''}</p>
}
