def test_home_renders_in_indonesian(client):
    response = client.get("/")
    assert response.status_code == 200
    assert 'lang="id"' in response.get_data(as_text=True)
