defmodule Backend.MixProject do
  use Mix.Project

  def project do
    [app: :backend, version: "0.4.0", elixir: "~> 1.15", deps: deps()]
  end

  defp deps do
    [
      {:phoenix, "~> 1.7.10"},
      {:ecto_sql, "~> 3.11"},
      {:postgrex, ">= 0.0.0"},
      {:jason, "~> 1.2"},
      {:hackney, "~> 1.18"},
      {:castore, "~> 1.0", only: :test}
    ]
  end
end
